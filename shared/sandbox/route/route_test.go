package route_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/sandbox/route"
)

func TestMuxAnswersWhereNoRouteFits(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(r.PathValue("id"))) })
	mux := route.Mux("/sbx", "no such test route", map[string]http.Handler{
		"GET /things/{id}": ok,
		"POST /things":     ok,
	}, map[string]http.Handler{"DELETE /things/{id}": ok})
	tests := []struct {
		method, path string
		status       int
		allow, body  string
	}{
		{"GET", "/sbx/things/7", 200, "", "7"},
		{"DELETE", "/sbx/things/8", 200, "", "8"},
		{"PUT", "/sbx/things/7", 405, "DELETE, GET", `{"error":{"code":"method_not_allowed","message":"use DELETE, GET"}}` + "\n"},
		{"GET", "/sbx/things", 405, "POST", `{"error":{"code":"method_not_allowed","message":"use POST"}}` + "\n"},
		{"GET", "/sbx/nothing", 404, "", `{"error":{"code":"not_found","message":"no such test route"}}` + "\n"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status || rec.Header().Get("Allow") != tt.allow || rec.Body.String() != tt.body {
			t.Errorf("%s %s: %d %q %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), rec.Body)
		}
	}
}

func TestCheckPrefix(t *testing.T) {
	for prefix, ok := range map[string]bool{"": true, "/sandbox/push": true, "sandbox": false} {
		if err := route.CheckPrefix(prefix); (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), prefix)) {
			t.Errorf("CheckPrefix(%q) = %v", prefix, err)
		}
	}
}
