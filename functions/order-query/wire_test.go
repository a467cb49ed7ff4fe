package function

import (
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestBuildFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{}
	build := func() (*OrderQuery, error) {
		env["SECRETS_DIR"] = dir
		cfg, err := app.LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			return nil, err
		}
		return Build(app.New(Name, cfg, app.WithStore(backends.Bolt(t))))
	}
	if _, err := build(); err == nil {
		t.Error("built without a jwt-secret")
	}
	if _, err := secrets.EnsureDev(dir); err != nil {
		t.Fatal(err)
	}
	q, err := build()
	if err != nil || q.cfg.StoreTimezone != "Asia/Shanghai" || q.cfg.Timeout != DefaultTimeout {
		t.Fatalf("defaults: %+v, %v", q, err)
	}
	env = map[string]string{"STORE_TIMEZONE": "Europe/Paris", "QUERY_TIMEOUT": "2s"}
	if q, err = build(); err != nil || q.location.String() != "Europe/Paris" || q.cfg.Timeout != 2*time.Second {
		t.Fatalf("from env: %+v, %v", q, err)
	}
	env = map[string]string{"STORE_TIMEZONE": "Mars/Olympus"}
	if _, err := build(); err == nil || !strings.Contains(err.Error(), "STORE_TIMEZONE") {
		t.Errorf("bad timezone: %v", err)
	}
}
