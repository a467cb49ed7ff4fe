package runner

import (
	"fmt"
	"strings"

	"github.com/ordercenter/ordercenter/shared/sandbox"
)

// Banner is what the runner tells a person at start: where the functions,
// the health, the metrics, the API documents and the sandboxes are, and
// how to get a token. serve prints it once the order center is ready.
func (r *Runner) Banner() string {
	base := r.URL()
	var b strings.Builder
	fmt.Fprintf(&b, "\nThe order center is ready at %s\n\n", base)
	row := func(name, url, note string) { fmt.Fprintf(&b, "  %-10s %-48s %s\n", name, url, note) }
	row("functions", base+"/function/<name>", strings.Join(r.gateway.Names(), ", "))
	row("health", base+"/healthz", "each dependency's state")
	row("metrics", base+"/metrics", "Prometheus text: calls, latency, orders, refunds, events")
	row("openapi", base+"/openapi.json", "the HTTP contract (api/openapi.yaml; events: api/asyncapi.yaml)")
	for _, s := range []struct{ name, url, builtin, note string }{
		{"catalog", r.env.CatalogURL, base + sandbox.CatalogPrefix, "the demo stores: GET /stores/s-lanzhou"},
		{"payments", r.env.PaymentProviderURL, base + sandbox.PaymentsPrefix, "pay an order: POST /pay"},
		{"pushes", r.env.PushGatewayURL, base + sandbox.PushPrefix, "what was sent: GET /notifications?recipient=user:u-1"},
	} {
		note := "sandbox; " + s.note
		if s.url != s.builtin {
			note = "configured (no sandbox)"
		}
		row(s.name, s.url, note)
	}
	fmt.Fprintf(&b, "\n  a token:   go run ./cmd/ordercenter token --role user --sub u-1\n")
	fmt.Fprintf(&b, "  the walkthrough: README.md, \"Start it locally\"\n\n")
	return b.String()
}
