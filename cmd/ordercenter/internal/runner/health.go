package runner

import (
	"encoding/json"
	"net/http"
	"time"
)

// health answers 200 once every part is up and every function can take
// calls, 503 before that and while shutting down.
func (r *Runner) health(w http.ResponseWriter, _ *http.Request) {
	status, code := "ok", http.StatusOK
	if !r.ready.Load() {
		status, code = "starting or stopping", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"status": status, "functions": r.gateway.Names(),
		"uptime_seconds": int(time.Since(r.started).Seconds())})
}

// index tells a newcomer where things are.
func (r *Runner) index(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"functions":        r.functionURLs(),
		"health":           r.URL() + "/healthz",
		"metrics":          r.URL() + "/metrics",
		"catalog":          r.env.CatalogURL,
		"payment_provider": r.env.PaymentProviderURL,
		"push_gateway":     r.env.PushGatewayURL,
	})
}

func (r *Runner) functionURLs() map[string]string {
	urls := map[string]string{}
	for _, name := range r.gateway.Names() {
		urls[name] = r.URL() + "/function/" + name
	}
	return urls
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
