package function

import (
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

func TestConfigValidateNamesEveryProblem(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	bad := DefaultConfig()
	bad.Timeout, bad.RateLimit, bad.KeyPrefix = time.Minute, ratelimit.Limit{Count: 3}, "a b"
	err := bad.Validate()
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Fatalf("every problem named: %v", err)
	}
	if _, err := New(Deps{Config: DefaultConfig()}); err == nil {
		t.Fatal("New without dependencies")
	}
}
