package app

import (
	"flag"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

var update = flag.Bool("update", false, "rewrite docs/configuration.md")

type env map[string]string

func (e env) get(k string) string { return e[k] }

func TestDefaults(t *testing.T) {
	c := DefaultConfig()
	if c.SecretsDir != "/var/openfaas/secrets" || c.Store.Table != "ordercenter" || c.RedisKeyPrefix != "oc:" ||
		c.Timers.PayTimeout != 15*time.Minute || c.Timers.AcceptTimeout != 10*time.Minute ||
		c.Timers.AutoCompleteAfter != 2*time.Hour || c.AfterSalesWindow != 168*time.Hour ||
		c.PlaceOrder.PerUser != (ratelimit.Limit{Count: 30, Period: time.Minute}) || c.PlaceOrder.MaxUnpaid != 5 ||
		c.Push.KeyPrefix != "push:" || c.StoreTimezone != "Asia/Shanghai" || c.Store.Transactions {
		t.Fatalf("defaults %+v", c)
	}
}

func TestLoadReadsEveryVariable(t *testing.T) {
	c, err := LoadConfig(env{"DYNAMODB_TRANSACTIONS": "true", "PAY_TIMEOUT": "5m", "RATE_LIMIT_PER_USER": "0",
		"MAX_UNPAID_ORDERS": "0", "PUSH_RATE_LIMIT_MERCHANT": "60/1m", "STORE_TIMEZONE": "Europe/Paris",
		"REDIS_URL": "redis://r:6379/2", "SECRETS_DIR": "/s"}.get)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Store.Transactions || c.Timers.PayTimeout != 5*time.Minute || !c.PlaceOrder.PerUser.Off() ||
		c.PlaceOrder.MaxUnpaid != 0 || c.Push.MerchantRateLimit.Count != 60 || c.StoreTimezone != "Europe/Paris" ||
		c.Redis.URL != "redis://r:6379/2" || c.SecretsDir != "/s" {
		t.Fatalf("loaded %+v", c)
	}
}

func TestLoadNamesEveryProblemAtOnce(t *testing.T) {
	bad := env{"PAY_TIMEOUT": "soon", "ACCEPT_TIMEOUT": "-1m", "TIMER_BATCH": "many", "DYNAMODB_TRANSACTIONS": "maybe",
		"RATE_LIMIT_PER_USER": "ten"}
	_, err := LoadConfig(bad.get)
	for name := range bad {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
	_, err = LoadConfig(env{"TIMER_BATCH": "0", "STORE_TIMEZONE": "Mars/Olympus", "REDIS_KEY_PREFIX": "a b",
		"PUSH_KEY_PREFIX": "{push}:", "MAX_UNPAID_ORDERS": "-1"}.get)
	for _, name := range []string{"TIMER_BATCH", "STORE_TIMEZONE", "REDIS_KEY_PREFIX", "PUSH_KEY_PREFIX", "MAX_UNPAID_ORDERS"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}

func TestLoadReadsEveryRedisTopology(t *testing.T) {
	c, err := LoadConfig(env{"REDIS_CLUSTER_ADDRS": "a:7000, b:7001"}.get)
	if err != nil || strings.Join(c.Redis.ClusterAddrs, " ") != "a:7000 b:7001" {
		t.Fatalf("cluster: %+v, %v", c.Redis, err)
	}
	c, err = LoadConfig(env{"REDIS_SENTINEL_ADDRS": "s1:26379,s2:26379,s3:26379", "REDIS_SENTINEL_MASTER": "oc"}.get)
	if err != nil || len(c.Redis.SentinelAddrs) != 3 || c.Redis.SentinelMaster != "oc" {
		t.Fatalf("sentinel: %+v, %v", c.Redis, err)
	}
	for _, bad := range []env{
		{"REDIS_URL": "redis://r", "REDIS_CLUSTER_ADDRS": "a:7000"},
		{"REDIS_CLUSTER_ADDRS": "a:7000", "REDIS_SENTINEL_ADDRS": "s:26379", "REDIS_SENTINEL_MASTER": "oc"},
		{"REDIS_SENTINEL_ADDRS": "s:26379"},
		{"REDIS_CLUSTER_ADDRS": "a"},
	} {
		_, err := LoadConfig(bad.get)
		for name := range bad {
			if err == nil || (!strings.Contains(err.Error(), name) && name != "REDIS_SENTINEL_MASTER") {
				t.Errorf("%v: error %v does not name %s", bad, err, name)
			}
		}
	}
}

func TestPrintedWithPasswordsMaskedAndDurationsReadable(t *testing.T) {
	c, err := LoadConfig(env{"REDIS_URL": "redis://user:hunter2@r:6379", "NATS_URL": "nats://a:b@n:4222"}.get)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	slog.New(slog.NewTextHandler(&out, nil)).Info("configured", "config", c)
	got := out.String()
	if strings.Contains(got, "hunter2") || strings.Contains(got, ":b@") {
		t.Errorf("a password is printed: %s", got)
	}
	for _, want := range []string{"config.PAY_TIMEOUT=15m0s", "config.REDIS_URL=redis://user:xxxxx@r:6379", "config.RATE_LIMIT_PER_USER=30/1m0s"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q not printed in %s", want, got)
		}
	}
}

func TestConfigurationDoc(t *testing.T) {
	const path = "../../docs/configuration.md"
	if *update {
		if err := os.WriteFile(path, []byte(Markdown()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != Markdown() {
		t.Fatalf("%s is not the table of variables.go (%v): run go test ./shared/app -run TestConfigurationDoc -update", path, err)
	}
}

// A negative or absurd bound is refused, not read as "no bound".
func TestMaxConcurrentCallsIsBounded(t *testing.T) {
	for _, raw := range []string{"-1", "100001", "lots"} {
		if _, err := LoadConfig(env{"MAX_CONCURRENT_CALLS": raw}.get); err == nil || !strings.Contains(err.Error(), "MAX_CONCURRENT_CALLS") {
			t.Errorf("MAX_CONCURRENT_CALLS=%s: %v", raw, err)
		}
	}
	for raw, want := range map[string]int{"": DefaultMaxConcurrentCalls, "0": 0, "64": 64} {
		c, err := LoadConfig(env{"MAX_CONCURRENT_CALLS": raw}.get)
		if err != nil || c.MaxConcurrentCalls != want {
			t.Errorf("MAX_CONCURRENT_CALLS=%q: %d, %v; want %d", raw, c.MaxConcurrentCalls, err, want)
		}
	}
}
