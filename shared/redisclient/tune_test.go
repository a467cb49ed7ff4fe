package redisclient_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/redisclient"
)

// Every topology gets the serverless deadlines and small pools; what a
// URL sets itself stays.
func TestEveryTopologyIsTuned(t *testing.T) {
	one := open(t, redisclient.Config{URL: "redis://127.0.0.1:1?dial_timeout=1s"}, "").UniversalClient.(*redis.Client).Options()
	if one.DialTimeout != time.Second || one.ReadTimeout != redisclient.DefaultTimeout || one.PoolSize != redisclient.DefaultPoolSize ||
		one.MaxRetries != redisclient.DefaultMaxRetries || !one.ContextTimeoutEnabled {
		t.Errorf("one server: %+v", one)
	}
	cl := open(t, redisclient.Config{ClusterAddrs: []string{"127.0.0.1:1"}}, "").UniversalClient.(*redis.ClusterClient).Options()
	if cl.DialTimeout != redisclient.DefaultTimeout || cl.PoolTimeout != redisclient.DefaultPoolTimeout || cl.PoolSize != redisclient.DefaultPoolSize ||
		cl.MaxRedirects != redisclient.DefaultMaxRedirects || cl.MaxRetries != -1 || cl.ReadOnly || !cl.ContextTimeoutEnabled {
		t.Errorf("cluster: %+v", cl)
	}
	opts := &redis.FailoverOptions{}
	redisclient.TuneFailover(opts)
	if opts.DialTimeout != redisclient.DefaultTimeout || opts.PoolSize != redisclient.DefaultPoolSize ||
		opts.MaxRetries != redisclient.DefaultMaxRetries || !opts.ContextTimeoutEnabled {
		t.Errorf("sentinel: %+v", opts)
	}
}
