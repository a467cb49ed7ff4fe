package function

import (
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestBuildFromTheEnvironment(t *testing.T) {
	env := map[string]string{"SECRETS_DIR": t.TempDir()}
	build := func() (*OrderAction, error) {
		cfg, err := app.LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			return nil, err
		}
		return Build(app.New(Name, cfg, app.WithStore(backends.Bolt(t))))
	}
	if _, err := build(); err == nil {
		t.Error("built without a jwt-secret")
	}
	if _, err := secrets.EnsureDev(env["SECRETS_DIR"]); err != nil {
		t.Fatal(err)
	}
	if a, err := build(); err != nil || a.cfg.Timeout != DefaultTimeout {
		t.Fatalf("defaults: %+v, %v", a, err)
	}
	env["ACTION_TIMEOUT"] = "3s"
	if a, err := build(); err != nil || a.cfg.Timeout != 3*time.Second {
		t.Fatalf("from env: %+v, %v", a, err)
	}
	for _, bad := range []string{"soon", "-1s"} {
		env["ACTION_TIMEOUT"] = bad
		if _, err := build(); err == nil {
			t.Errorf("ACTION_TIMEOUT %q accepted", bad)
		}
	}
}
