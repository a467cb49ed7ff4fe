package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// gate is a function whose calls wait until it is opened.
type gate struct {
	entered chan struct{}
	open    chan struct{}
}

func newGate() *gate { return &gate{entered: make(chan struct{}, 100), open: make(chan struct{})} }

func (g *gate) Handle(handler.Request) (handler.Response, error) {
	g.entered <- struct{}{}
	<-g.open
	return handler.Response{StatusCode: http.StatusOK}, nil
}

func TestAdmissionRefusesTheCallBeyondTheBoundAtOnce(t *testing.T) {
	g := newGate()
	inv := Invoker{Name: "f", Admission: NewAdmission(2)}
	var wg sync.WaitGroup
	statuses := make(chan int, 2)
	for range 2 {
		wg.Go(func() { statuses <- inv.Invoke(context.Background(), g, handler.Request{Method: "GET"}).StatusCode })
	}
	<-g.entered
	<-g.entered

	refused := inv.Invoke(context.Background(), g, handler.Request{Method: "GET"})
	if refused.StatusCode != http.StatusServiceUnavailable || refused.Header.Get("Retry-After") != "1" {
		t.Fatalf("the third call: %d, Retry-After %q", refused.StatusCode, refused.Header.Get("Retry-After"))
	}
	var body struct {
		Error Problem `json:"error"`
	}
	if err := json.Unmarshal(refused.Body, &body); err != nil || body.Error.Code != CodeOverloaded {
		t.Fatalf("the third call's body %s: %v", refused.Body, err)
	}
	if n := inv.Admission.InFlight(); n != 2 {
		t.Fatalf("%d in flight, want 2", n)
	}

	close(g.open)
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusOK {
			t.Errorf("an admitted call answered %d", s)
		}
	}
	if again := inv.Invoke(context.Background(), g, handler.Request{Method: "GET"}); again.StatusCode != http.StatusOK {
		t.Fatalf("after the calls ended: %d", again.StatusCode)
	}
}

// A call that overran its time is answered 504, but its slot is free only
// once the function has returned: the work it still does counts.
func TestAdmissionHoldsTheSlotOfACallThatOverran(t *testing.T) {
	g := newGate()
	inv := Invoker{Name: "f", Admission: NewAdmission(1), Timeout: time.Millisecond}
	if resp := inv.Invoke(context.Background(), g, handler.Request{Method: "GET"}); resp.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("the overrunning call: %d", resp.StatusCode)
	}
	if resp := inv.Invoke(context.Background(), g, handler.Request{Method: "GET"}); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("while it still runs: %d, want 503", resp.StatusCode)
	}
	close(g.open)
	for inv.Admission.InFlight() > 0 {
		time.Sleep(time.Millisecond)
	}
	if resp := inv.Invoke(context.Background(), &echo{}, handler.Request{Method: "GET"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("once it returned: %d", resp.StatusCode)
	}
}

func TestNoAdmissionBoundAdmitsEveryCall(t *testing.T) {
	if a := NewAdmission(0); a != nil {
		t.Fatalf("NewAdmission(0) = %v, want nil", a)
	}
	inv := Invoker{Name: "f"}
	if resp := inv.Invoke(context.Background(), &echo{}, handler.Request{Method: "GET"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("no bound: %d", resp.StatusCode)
	}
}

// BenchmarkAdmission is the cost of taking and giving back a slot.
func BenchmarkAdmission(b *testing.B) {
	a := NewAdmission(1 << 20)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			release, _ := a.enter()
			release()
		}
	})
}
