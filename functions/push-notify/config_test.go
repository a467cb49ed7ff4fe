package function

import (
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	good := map[string]Rate{
		"10/1m": {10, time.Minute}, "30/1m": {30, time.Minute}, " 5 / 10s ": {5, 10 * time.Second},
		"0": {}, "0/1m": {}, "600/1h30m": {600, 90 * time.Minute},
	}
	for s, want := range good {
		if got, err := ParseRate(s); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "10", "ten/1m", "-1/1m", "10/0s", "10/-1m", "10/minute", "1.5/1m"} {
		if got, err := ParseRate(s); err == nil {
			t.Errorf("ParseRate(%q) = %+v, want an error", s, got)
		}
	}
	if s := (Rate{10, time.Minute}).String(); s != "10/1m0s" {
		t.Errorf("String %q", s)
	}
}

func TestConfigFromEnv(t *testing.T) {
	c, err := ConfigFromEnv(env{}.get)
	if err != nil || c != DefaultConfig() || c.RateLimit != (Rate{10, time.Minute}) || c.KeyPrefix != "push:" {
		t.Fatalf("defaults %+v %v", c, err)
	}
	c, err = ConfigFromEnv(env{"PUSH_RATE_LIMIT": "0", "PUSH_KEY_PREFIX": "oc:push:"}.get)
	if err != nil || !c.RateLimit.IsZero() || c.KeyPrefix != "oc:push:" {
		t.Fatalf("set %+v %v", c, err)
	}
	bad := DefaultConfig()
	bad.Timeout, bad.RateLimit, bad.KeyPrefix = time.Minute, Rate{Count: 3}, "a b"
	err = bad.Validate()
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Fatalf("every problem named: %v", err)
	}
	if _, err := New(Deps{Config: DefaultConfig()}); err == nil {
		t.Fatal("New without dependencies")
	}
}
