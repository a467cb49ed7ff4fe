package redistest

import (
	"net/url"
	"testing"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Proxy puts a toxiproxy in front of the test Redis (URL), for tests that
// make Redis hang, slow or drop its connections, and returns it with the
// redis:// URL that reaches Redis through it. It is stopped when the test
// ends.
func Proxy(t testing.TB) (*toxiproxy.Proxy, string) {
	t.Helper()
	upstream, err := url.Parse(URL(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	proxy := toxiproxy.NewProxy(srv, "redis", "127.0.0.1:0", upstream.Host)
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Stop)
	return proxy, "redis://" + proxy.Listen + upstream.Path
}
