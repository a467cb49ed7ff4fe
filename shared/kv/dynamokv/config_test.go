package dynamokv

import (
	"strings"
	"testing"
	"time"
)

// TestConfigDefaults: an endpoint brings the default region; the rest
// gets the defaults in any case.
func TestConfigDefaults(t *testing.T) {
	c := Config{Endpoint: "http://localhost:8000", Table: "orders"}
	c.setDefaults()
	if c.Region != DefaultRegion || c.MaxAttempts != DefaultMaxAttempts ||
		c.MaxBackoff != DefaultMaxBackoff || c.MaxIdleConns != DefaultMaxIdleConns {
		t.Errorf("defaults: %+v", c)
	}
	c = Config{Table: "orders"}
	c.setDefaults()
	if c.Region != "" {
		t.Errorf("region without an endpoint: %q, want it left to the AWS environment", c.Region)
	}
}

// TestConfigValidate reports every problem at once.
func TestConfigValidate(t *testing.T) {
	if err := (Config{Table: "orders"}).Validate(); err != nil {
		t.Errorf("minimal config: %v", err)
	}
	err := Config{Endpoint: "localhost:8000", Table: "x", MaxAttempts: -1, MaxBackoff: -time.Second}.Validate()
	for _, want := range []string{"table name", "endpoint", "max attempts", "max backoff"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad config: %v, want it to name %s", err, want)
		}
	}
}

// TestNewMakesNoCall: New succeeds for a server that is not there, and
// dummy credentials stand in when the environment has none.
func TestNewMakesNoCall(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	s, err := New(Config{Endpoint: "http://127.0.0.1:1", Table: "orders"})
	if err != nil {
		t.Fatalf("new: %v", err)
	}
	creds, err := s.client.Options().Credentials.Retrieve(t.Context())
	if err != nil || creds.AccessKeyID == "" {
		t.Errorf("credentials: %+v, %v; want dummy ones", creds, err)
	}
	if got := *s.client.Options().BaseEndpoint; got != "http://127.0.0.1:1" {
		t.Errorf("base endpoint %q", got)
	}
	if _, err := New(Config{Table: "x"}); err == nil {
		t.Errorf("new with a bad table name: no error")
	}
}
