package redisclient_test

import (
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

func TestValidateRefusesTwoTopologiesAndHalfASentinel(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  redisclient.Config
		want string // "" for valid
	}{
		{"none", redisclient.Config{}, ""},
		{"one server", redisclient.Config{URL: "redis://r:6379"}, ""},
		{"cluster", redisclient.Config{ClusterAddrs: []string{"a:7000", "b:7000"}}, ""},
		{"sentinel", redisclient.Config{SentinelAddrs: []string{"a:26379"}, SentinelMaster: "m"}, ""},
		{"url and cluster", redisclient.Config{URL: "redis://r:6379", ClusterAddrs: []string{"a:7000"}}, "REDIS_URL and REDIS_CLUSTER_ADDRS"},
		{"all three", redisclient.Config{URL: "redis://r", ClusterAddrs: []string{"a:1"}, SentinelAddrs: []string{"b:2"}, SentinelMaster: "m"},
			"REDIS_URL and REDIS_CLUSTER_ADDRS and REDIS_SENTINEL_ADDRS"},
		{"sentinel without master", redisclient.Config{SentinelAddrs: []string{"a:26379"}}, "REDIS_SENTINEL_MASTER"},
		{"master without sentinels", redisclient.Config{SentinelMaster: "m"}, "REDIS_SENTINEL_ADDRS"},
		{"no port", redisclient.Config{ClusterAddrs: []string{"a"}}, `"a" is not host:port`},
		{"bad port", redisclient.Config{SentinelAddrs: []string{"a:x"}, SentinelMaster: "m"}, `"a:x" is not host:port`},
	} {
		err := tc.cfg.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want an error naming %q", tc.name, err, tc.want)
		}
	}
}

func TestSplitAddrs(t *testing.T) {
	got := redisclient.SplitAddrs(" a:1, b:2 ,,c:3,")
	if strings.Join(got, "|") != "a:1|b:2|c:3" {
		t.Fatalf("SplitAddrs = %q", got)
	}
}

func TestNewRefusesWhatItCannotUse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   redisclient.Config
		files map[string]string
		want  string
	}{
		{"nothing", redisclient.Config{}, nil, "set REDIS_URL"},
		{"not a URL", redisclient.Config{URL: "localhost:6379"}, nil, "not a redis://"},
		{"two topologies", redisclient.Config{URL: "redis://r", ClusterAddrs: []string{"a:1"}}, nil, "name one Redis"},
		{"a CA without TLS", redisclient.Config{URL: "redis://r:6379"}, map[string]string{"redis-ca.crt": caPEM(t)}, "use rediss://"},
		{"two passwords", redisclient.Config{URL: "redis://:pw@r:6379"}, map[string]string{"redis-password": "other"}, "beside the secret redis-password"},
		{"two users", redisclient.Config{URL: "redis://u@r:6379"}, map[string]string{"redis-username": "v"}, "another user"},
		{"a CA file without a certificate", redisclient.Config{ClusterAddrs: []string{"a:1"}}, map[string]string{"redis-ca.crt": "not PEM"}, "no PEM certificate"},
		{"an empty password file", redisclient.Config{URL: "redis://r"}, map[string]string{"redis-password": "\n"}, "secret empty"},
	} {
		_, err := redisclient.New(tc.cfg, secretstest.Dir(t, tc.files))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %q", tc.name, err, tc.want)
		}
	}
}
