package function

import (
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
	if a, err := FromEnv(repo, dir, getenv); err != nil || a.cfg.Timeout != DefaultTimeout {
		t.Fatalf("defaults: %+v, %v", a, err)
	}
	env["ACTION_TIMEOUT"] = "3s"
	if a, err := FromEnv(repo, dir, getenv); err != nil || a.cfg.Timeout != 3*time.Second {
		t.Fatalf("from env: %+v, %v", a, err)
	}
	for _, bad := range []string{"soon", "-1s"} {
		env["ACTION_TIMEOUT"] = bad
		if _, err := FromEnv(repo, dir, getenv); err == nil {
			t.Errorf("ACTION_TIMEOUT %q accepted", bad)
		}
	}
}
