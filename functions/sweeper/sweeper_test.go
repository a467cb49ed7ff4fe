package function

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
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
	resp, err := New(repo).Handle(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sweep answered %d %s, %v", resp.StatusCode, resp.Body, err)
	}
	var report Report
	if err := json.Unmarshal(resp.Body, &report); err != nil {
		t.Fatal(err)
	}
	if report.Heal != (orderstore.HealReport{}) {
		t.Errorf("nothing to heal, yet the sweep reports %+v", report.Heal)
	}
}

type failingHealer struct{}

func (failingHealer) Heal(context.Context, time.Duration) (orderstore.HealReport, error) {
	return orderstore.HealReport{}, errors.New("store on fire at 10.1.2.3")
}

func TestSweepFailureIsNotLeaked(t *testing.T) {
	req := handler.Request{Header: http.Header{}}
	req.WithContext(context.Background())
	resp, _ := New(failingHealer{}).Handle(req)
	if resp.StatusCode != http.StatusInternalServerError || json.Valid(resp.Body) == false {
		t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
	}
	if string(resp.Body) != `{"error":{"code":"internal","message":"internal error"}}` {
		t.Errorf("body %s", resp.Body)
	}
}
