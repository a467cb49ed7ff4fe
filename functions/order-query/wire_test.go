package function

import (
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestWiringFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{})
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if _, err := FromEnv(repo, dir, getenv); err == nil {
		t.Error("wired without a jwt-secret")
	}
	if _, err := secrets.EnsureDev(dir); err != nil {
		t.Fatal(err)
	}
	q, err := FromEnv(repo, dir, getenv)
	if err != nil || q.cfg.StoreTimezone != "Asia/Shanghai" || q.cfg.Timeout != DefaultTimeout {
		t.Fatalf("defaults: %+v, %v", q, err)
	}
	env = map[string]string{"STORE_TIMEZONE": "Europe/Paris", "QUERY_TIMEOUT": "2s"}
	if q, err = FromEnv(repo, dir, getenv); err != nil || q.location.String() != "Europe/Paris" || q.cfg.Timeout != 2*time.Second {
		t.Fatalf("from env: %+v, %v", q, err)
	}
	env = map[string]string{"STORE_TIMEZONE": "Mars/Olympus"}
	if _, err := FromEnv(repo, dir, getenv); err == nil || !strings.Contains(err.Error(), "STORE_TIMEZONE") {
		t.Errorf("bad timezone: %v", err)
	}
}
