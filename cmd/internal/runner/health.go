package runner

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/ordercenter/ordercenter/api"
	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// health answers 200 once every function can take calls, with the state
// of each dependency ("degraded" when one is down: the functions still
// answer, those that need it with a fast 503); 503 only while starting or
// stopping.
func (r *Runner) health(w http.ResponseWriter, req *http.Request) {
	if !r.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "starting or stopping"})
		return
	}
	h := r.deps.Health(req.Context())
	writeJSON(w, http.StatusOK, map[string]any{"status": h.Status, "dependencies": h.Dependencies,
		"functions": r.gateway.Names(), "uptime_seconds": int(time.Since(r.started).Seconds())})
}

// index tells a newcomer where things are.
func (r *Runner) index(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"functions":        r.functionURLs(),
		"health":           r.URL() + "/healthz",
		"metrics":          r.URL() + "/metrics",
		"openapi":          r.URL() + "/openapi.json",
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

// serveOpenAPI answers the OpenAPI document (api/openapi.yaml) as JSON.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	doc, err := api.OpenAPIJSON()
	if err != nil {
		httpapi.WriteError(w, err) // logged, answered 500 internal
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(doc)
}
