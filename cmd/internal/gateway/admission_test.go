package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// holding is a function whose calls wait until release is closed.
type holding struct {
	entered chan struct{}
	release chan struct{}
}

func (h *holding) Handle(handler.Request) (handler.Response, error) {
	h.entered <- struct{}{}
	<-h.release
	return handler.Response{StatusCode: http.StatusOK}, nil
}

// Each function has its own bound: one function at its bound refuses the
// next call with 503 overloaded, another still answers.
func TestEachFunctionHasItsOwnAdmissionBound(t *testing.T) {
	g := New(Config{MaxConcurrentCalls: 1})
	busy := &holding{entered: make(chan struct{}, 1), release: make(chan struct{})}
	g.Register("busy", busy)
	g.Register("idle", &recorder{answer: handler.Response{StatusCode: http.StatusOK}})
	srv := httptest.NewServer(g)
	defer srv.Close()

	done := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/function/busy")
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	<-busy.entered
	resp, err := http.Get(srv.URL + "/function/busy")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("busy's second call: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	idle, err := http.Get(srv.URL + "/function/idle")
	if err != nil {
		t.Fatal(err)
	}
	idle.Body.Close()
	if idle.StatusCode != http.StatusOK {
		t.Errorf("another function: %d", idle.StatusCode)
	}
	close(busy.release)
	if status := <-done; status != http.StatusOK {
		t.Errorf("busy's first call: %d", status)
	}
}
