package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/sandbox"
)

func serve(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

// The built-in catalog answers as the catalog does until told to fail,
// fails the calls it is told to, then answers again.
func TestTheCatalogFailsAsTold(t *testing.T) {
	h := sandbox.Catalog(builtin.Demo())
	if rec := serve(h, "GET", "/stores/s-lanzhou", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"s-lanzhou"`) {
		t.Fatalf("before: %d %s", rec.Code, rec.Body)
	}
	if rec := serve(h, "POST", "/faults", `{"fail_next":2,"status":502}`); rec.Code != 200 {
		t.Fatalf("arm: %d %s", rec.Code, rec.Body)
	}
	for range 2 {
		if rec := serve(h, "GET", "/stores/s-lanzhou/items?ids=braised-egg", ""); rec.Code != 502 ||
			!strings.Contains(rec.Body.String(), `"sandbox_fault"`) {
			t.Fatalf("armed: %d %s", rec.Code, rec.Body)
		}
	}
	var left sandbox.CatalogFaults
	if err := json.Unmarshal(serve(h, "GET", "/faults", "").Body.Bytes(), &left); err != nil || left.FailNext != 0 {
		t.Fatalf("left armed %+v, %v", left, err)
	}
	if rec := serve(h, "GET", "/users/u-1/coupons/cp-u1-welcome", ""); rec.Code != 200 {
		t.Fatalf("after: %d %s", rec.Code, rec.Body)
	}
	if rec := serve(h, "POST", "/faults", `{"fail_next":-1}`); rec.Code != 400 {
		t.Fatalf("a bad fault: %d %s", rec.Code, rec.Body)
	}
}

// timeout_next withholds the answer until the caller gives up.
func TestTheCatalogHangsAsTold(t *testing.T) {
	h := sandbox.Catalog(builtin.Demo())
	serve(h, "POST", "/faults", `{"timeout_next":1}`)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Timeout: 200 * time.Millisecond}
	if resp, err := client.Get(srv.URL + "/stores/s-lanzhou"); err == nil {
		resp.Body.Close()
		t.Fatalf("a hung call answered %d", resp.StatusCode)
	}
	if rec := serve(h, "DELETE", "/faults", ""); rec.Code != 200 {
		t.Fatalf("clear: %d", rec.Code)
	}
	if rec := serve(h, "GET", "/stores/s-lanzhou", ""); rec.Code != 200 {
		t.Fatalf("after: %d %s", rec.Code, rec.Body)
	}
}
