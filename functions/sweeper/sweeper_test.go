package function

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// outage is an events publisher that fails while down is set and counts
// what it publishes.
type outage struct {
	down      bool
	published int
}

func (p *outage) Publish(_ context.Context, evs []order.Event) error {
	if p.down {
		return errors.New("nats down")
	}
	p.published += len(evs)
	return nil
}

// A change whose events could not be published is finished by the next
// sweep once it is old enough; a sweep with nothing to heal reports so.
func TestSweepReportsTheHealing(t *testing.T) {
	store := backends.Bolt(t)
	clock := clocktest.New(time.Now())
	nats := &outage{}
	repo := orderstore.New(store, orderstore.Options{Publisher: nats, Now: clock.Now})
	sweeper := New(nil, HealTask{Repo: repo})
	createOrder(t, repo, clock.Now())
	if heal := sweep(t, sweeper); heal["finished"] != 0.0 || heal["dropped"] != 0.0 {
		t.Errorf("nothing to heal, yet the sweep reports %+v", heal)
	}
	nats.down = true
	createOrder(t, repo, clock.Now())
	nats.down = false
	clock.Advance(time.Minute)
	if heal := sweep(t, sweeper); heal["finished"] != 1.0 || nats.published != 2 {
		t.Errorf("sweep reports %+v with %d events published; want 1 finished, 2 published", heal, nats.published)
	}
}

func createOrder(t *testing.T, repo *orderstore.Repository, now time.Time) {
	t.Helper()
	o, err := order.New(order.Draft{ID: order.NewID(now), UserID: "u-1", StoreID: "s-1", StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "a", Name: "A", Qty: 1, UnitPrice: 100, Subtotal: 100}},
		Amounts:     order.Amounts{Items: 100, Total: 100},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Create(context.Background(), o); err != nil {
		t.Fatal(err)
	}
}

// sweep triggers the sweeper as the schedule does and returns the heal
// task's report.
func sweep(t *testing.T, s *Sweeper) map[string]any {
	t.Helper()
	req := handler.Request{Method: http.MethodPost, Header: http.Header{}}
	req.WithContext(context.Background())
	resp, err := s.Handle(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sweep answered %d %s, %v", resp.StatusCode, resp.Body, err)
	}
	var report Report
	if err := json.Unmarshal(resp.Body, &report); err != nil {
		t.Fatal(err)
	}
	return report.Tasks["heal"].(map[string]any)
}

type failingTask struct{}

func (failingTask) Name() string { return "fails" }

func (failingTask) Run(context.Context) (any, error) {
	return nil, errors.New("store on fire at 10.1.2.3")
}

func TestSweepFailureIsNotLeaked(t *testing.T) {
	req := handler.Request{Header: http.Header{}}
	req.WithContext(context.Background())
	resp, _ := New(nil, failingTask{}).Handle(req)
	if resp.StatusCode != http.StatusInternalServerError || !json.Valid(resp.Body) {
		t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
	}
	if strings.Contains(string(resp.Body), "10.1.2.3") || !strings.Contains(string(resp.Body), `"fails"`) {
		t.Errorf("body %s", resp.Body)
	}
}
