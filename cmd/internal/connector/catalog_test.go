package connector_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/origin"
)

// The repository's stack file: every event-triggered function with its
// subjects, the sweeper on its schedule.
func TestReadStackOfTheRepository(t *testing.T) {
	cat, err := connector.ReadStack("../../../stack.yml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"holds":       {"orders.events.order.cancelled", "orders.events.order.paid", "orders.events.refund.succeeded"},
		"push-notify": {"orders.events.>"},
		"refund":      {"orders.events.order.cancelled", "orders.events.refund.requested"},
	}
	if len(cat.Subscriptions) != len(want) {
		t.Errorf("subscriptions %v", cat.Subscriptions)
	}
	for _, s := range cat.Subscriptions {
		if !slices.Equal(s.Subjects, want[s.Function]) {
			t.Errorf("%s subscribes to %v, want %v", s.Function, s.Subjects, want[s.Function])
		}
	}
	if len(cat.Schedules) != 1 || cat.Schedules[0] != (connector.Schedule{Function: "sweeper", Cron: "* * * * *"}) {
		t.Errorf("schedules %v", cat.Schedules)
	}
}

// A cron-function without a valid schedule is refused at once.
func TestBadScheduleIsRefused(t *testing.T) {
	for _, schedule := range []string{"", "every minute", "* * * *", "61 * * * *"} {
		stack := "version: 1.0\nprovider:\n  name: openfaas\nfunctions:\n  f:\n    lang: go\n    handler: ./f\n    image: f\n" +
			"    annotations:\n      topic: cron-function\n      schedule: \"" + schedule + "\"\n"
		path := filepath.Join(t.TempDir(), "stack.yml")
		if err := os.WriteFile(path, []byte(stack), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := connector.ReadStack(path); err == nil || !strings.Contains(err.Error(), "schedule") {
			t.Errorf("schedule %q: %v", schedule, err)
		}
	}
}

// The gateway's function list gives the same catalog as the stack file.
func TestDiscoverFromTheGateway(t *testing.T) {
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, pass, _ := r.BasicAuth(); r.URL.Path != "/system/functions" || user != "admin" || pass != "pw" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		_ = json.NewEncoder(w).Encode([]map[string]any{
			{"name": "push-notify", "annotations": map[string]string{"topic": "orders.events.>"}},
			{"name": "sweeper", "annotations": map[string]string{"topic": "cron-function", "schedule": "*/5 * * * *"}},
			{"name": "place-order"},
		})
	}))
	defer gw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cat, err := connector.Discover(ctx, gw.Client(), gw.URL, &authCreds)
	if err != nil {
		t.Fatal(err)
	}
	want := connector.Catalog{
		Subscriptions: []connector.Subscription{{Function: "push-notify", Subjects: []string{"orders.events.>"}}},
		Schedules:     []connector.Schedule{{Function: "sweeper", Cron: "*/5 * * * *"}},
	}
	if !cat.Equal(want) {
		t.Errorf("discovered %+v, want %+v", cat, want)
	}
	if _, err := connector.Discover(ctx, gw.Client(), gw.URL, nil); err == nil {
		t.Error("discovered without credentials")
	}
}

// Scheduled calls carry a proof of origin the function verifies.
func TestScheduledCallsAreSigned(t *testing.T) {
	verify := origin.Schedule(testKey, time.Now)
	calls := make(chan error, 100)
	fns := funcs{"sweeper": func(req handler.Request) handler.Response {
		calls <- verify.Verify(req)
		return handler.Response{StatusCode: http.StatusOK}
	}}
	signer := origin.NewSigner(testKey, time.Now)
	after := make(chan string, 100)
	s, err := connector.NewScheduler([]connector.Schedule{{Function: "sweeper", Every: 20 * time.Millisecond}},
		connector.InProcess(fns), signer.Sign,
		func(_ context.Context, fn string, a connector.Answer, err error) { after <- fn }, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	for range 2 {
		if err := <-calls; err != nil {
			t.Errorf("scheduled call refused: %v", err)
		}
		if fn := <-after; fn != "sweeper" {
			t.Errorf("after a call of %s", fn)
		}
	}
	cancel()
	<-done
}

// funcs serves functions in-process, as the runner's gateway does.
type funcs map[string]func(handler.Request) handler.Response

func (f funcs) Lookup(name string) (handler.FunctionHandler, bool) {
	fn, ok := f[name]
	return handlerFunc(fn), ok
}

func (f funcs) Invoke(_ context.Context, _ string, fn handler.FunctionHandler, req handler.Request) handler.Response {
	resp, _ := fn.Handle(req)
	return resp
}

type handlerFunc func(handler.Request) handler.Response

func (h handlerFunc) Handle(req handler.Request) (handler.Response, error) { return h(req), nil }
