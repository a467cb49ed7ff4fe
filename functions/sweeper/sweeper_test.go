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

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

func TestSweepReportsTheHealing(t *testing.T) {
	store := backends.Bolt(t)
	repo := orderstore.New(store, orderstore.Options{})
	now := time.Now()
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
	req := handler.Request{Method: http.MethodPost, Header: http.Header{}}
	req.WithContext(context.Background())
	resp, err := New(HealTask{Repo: repo}).Handle(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sweep answered %d %s, %v", resp.StatusCode, resp.Body, err)
	}
	var report Report
	if err := json.Unmarshal(resp.Body, &report); err != nil {
		t.Fatal(err)
	}
	if heal := report.Tasks["heal"].(map[string]any); heal["finished"] != 0.0 || heal["dropped"] != 0.0 {
		t.Errorf("nothing to heal, yet the sweep reports %+v", heal)
	}
}

type failingTask struct{}

func (failingTask) Name() string { return "fails" }

func (failingTask) Run(context.Context) (any, error) {
	return nil, errors.New("store on fire at 10.1.2.3")
}

func TestSweepFailureIsNotLeaked(t *testing.T) {
	req := handler.Request{Header: http.Header{}}
	req.WithContext(context.Background())
	resp, _ := New(failingTask{}).Handle(req)
	if resp.StatusCode != http.StatusInternalServerError || !json.Valid(resp.Body) {
		t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
	}
	if strings.Contains(string(resp.Body), "10.1.2.3") || !strings.Contains(string(resp.Body), `"fails"`) {
		t.Errorf("body %s", resp.Body)
	}
}
