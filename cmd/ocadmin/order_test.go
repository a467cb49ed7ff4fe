package main

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// supportOrder is a paid order of limited stock (held in Redis and the
// store, confirmed) with a pending refund and its payment in the ledger.
func (w *world) supportOrder(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	orders, err := w.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	holds, err := w.deps.Reserver()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	o := orderstoretest.NewOrder(t, orderstoretest.Spec{Now: now})
	rec := o.Record()
	if err := holds.Hold(ctx, reserve.Request{OrderID: rec.OrderID, UserID: rec.UserID, StoreID: rec.StoreID,
		Day: rec.StoreDay, Lines: []reserve.Line{{SKU: "sku-1", Qty: 2, Limit: 10}}, PayDeadline: rec.PayDeadline}); err != nil {
		t.Fatal(err)
	}
	if _, err := orders.Create(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := holds.Commit(ctx, rec.OrderID); err != nil {
		t.Fatal(err)
	}
	orderstoretest.Drive(t, orders, rec.OrderID, order.StatusPaid, "", now)
	if _, err := holds.Confirm(ctx, rec.OrderID); err != nil {
		t.Fatal(err)
	}
	cs := order.Actor{Role: order.RoleService, ID: "cs-7"}
	if _, err := orders.Update(ctx, rec.OrderID, 0, func(o *order.Order) error {
		_, _, err := o.RequestRefund(order.RefundRequest{RefundID: "rf-cold", Amount: 1000, Reason: "cold noodles"}, cs, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	paid := ledger.Entry{At: now, Kind: ledger.KindNotification, Source: ledger.SourceWebhook, EventID: "evt_pay_1",
		TxnID: "txn-" + rec.OrderID, Amount: 5800, Currency: "CNY", Status: ledger.StatusSucceeded,
		Outcome: ledger.OutcomeApplied, Body: []byte(`{"event_id":"evt_pay_1"}`)}
	if err := orders.PaymentLedger().Record(ctx, rec.OrderID, paid); err != nil {
		t.Fatal(err)
	}
	return rec.OrderID
}

// TestOrderShow: the full view of a real order, phone masked; --reveal
// only with a service token, and each reveal is on the timeline.
func TestOrderShow(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		w := newWorld(t, s)
		id := w.supportOrder(t)
		out := w.must(t, "order", "show", id)
		for _, want := range []string{"order " + id + "  PAID  version 3", "138****1234", "2 × sku-1 Beef noodles at 28.00 CNY",
			"total 58.00 CNY", "order.created", "order.paid", "refund.requested", "PENDING_PAYMENT → PAID",
			"rf-cold", "10.00 CNY", "by service:cs-7",
			"redis: confirmed", "slots#stock#s-1#2026-11-21#sku-1 slots [0 1]", "accept: since", "stored",
			"pending changes\n  none"} {
			if !strings.Contains(out, want) {
				t.Errorf("order show lacks %q:\n%s", want, out)
			}
		}
		if strings.Count(out, "agrees with the master") != 2 || strings.Contains(out, "13800001234") {
			t.Errorf("order show: copies or masking wrong:\n%s", out)
		}
		if !regexp.MustCompile(`payments\n  \S+ \S+\s+notification\s+webhook\s+evt_pay_1\s+58\.00 CNY\s+succeeded\s+applied`).MatchString(out) {
			t.Errorf("order show lacks the payment ledger:\n%s", out)
		}
		var view struct {
			Order    order.Record   `json:"order"`
			Payments []ledger.Entry `json:"payments"`
			Refunds  []struct {
				RefundID string `json:"refund_id"`
			} `json:"refunds"`
		}
		if err := json.Unmarshal([]byte(w.must(t, "order", "show", id, "--json")), &view); err != nil ||
			view.Order.OrderID != id || view.Order.Delivery.Phone != "138****1234" || len(view.Payments) != 1 ||
			view.Payments[0].EventID != "evt_pay_1" || view.Payments[0].Outcome != ledger.OutcomeApplied ||
			len(view.Refunds) != 1 || view.Refunds[0].RefundID != "rf-cold" {
			t.Errorf("order show --json: %+v %v", view, err)
		}

		if code, _, stderr := w.ocadmin(t, "order", "show", id, "--reveal"); code != 2 || !strings.Contains(stderr, "--token") {
			t.Errorf("--reveal without a token: exit %d, %s", code, stderr)
		}
		user := token(t, auth.Principal{Subject: "u-1", Role: auth.RoleUser})
		for _, tok := range []string{user, "not-a-token"} {
			code, stdout, stderr := w.ocadmin(t, "order", "show", id, "--reveal", "--token", tok)
			if code != 1 || !strings.Contains(stderr, "role service") || strings.Contains(stdout, "13800001234") {
				t.Errorf("--reveal with a token not customer service's: exit %d, %s%s", code, stdout, stderr)
			}
		}
		w.wantReveals(t, id, 0)

		cs := token(t, auth.Principal{Subject: "cs-7", Role: auth.RoleService})
		out = w.must(t, "order", "show", id, "--reveal", "--token", cs, "--reason", "rider cannot find the door")
		if !strings.Contains(out, "13800001234") || !regexp.MustCompile(`phone\.revealed\s+service:cs-7\s+-\s+rider cannot find the door`).MatchString(out) {
			t.Errorf("revealed view:\n%s", out)
		}
		w.wantReveals(t, id, 1)
		if out := w.must(t, "order", "show", id); strings.Contains(out, "13800001234") || !strings.Contains(out, "phone.revealed") {
			t.Errorf("masked view after a reveal:\n%s", out)
		}

		if code, _, stderr := w.ocadmin(t, "order", "show", "nope"); code != 1 || !strings.Contains(stderr, `no order "nope"`) {
			t.Errorf("unknown order: exit %d, %s", code, stderr)
		}
	})
}

// wantReveals checks how many reveals the order's timeline holds.
func (w *world) wantReveals(t *testing.T, id string, n int) {
	t.Helper()
	orders, err := w.deps.Reader()
	if err != nil {
		t.Fatal(err)
	}
	timeline, err := orders.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, c := range timeline {
		if c.Type == order.ChangePhoneRevealed {
			got++
			if len(c.Events) != 0 || c.From != "" || c.Actor.Role != order.RoleService {
				t.Errorf("reveal entry %+v", c)
			}
		}
	}
	if got != n {
		t.Errorf("%d reveals on the timeline, want %d", got, n)
	}
}

// copiesDown is a store whose writes of user copies fail: a change
// commits on the master and stops there, as if its writer crashed.
type copiesDown struct{ kv.Store }

func (c copiesDown) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	if strings.HasPrefix(it.PK, "user#") {
		return kv.ErrUnavailable
	}
	return c.Store.Put(ctx, it, cond)
}

// TestHealFinishesAnInterruptedChange: a payment committed on the master
// whose copies, timeline entry and event never followed is shown pending,
// and heal finishes it: copies agree, the event is published.
func TestHealFinishesAnInterruptedChange(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		rec := orderstoretest.Place(t, orderstore.New(s, orderstore.Options{}), orderstoretest.Spec{})
		broken := orderstore.New(copiesDown{s}, orderstore.Options{})
		_, err := broken.Update(ctx, rec.OrderID, 0, func(o *order.Order) error { return orderstoretest.Pay(o, time.Now()) })
		if !errors.Is(err, orderstore.ErrSyncPending) {
			t.Fatalf("interrupted payment: %v", err)
		}
		out := w.must(t, "order", "show", rec.OrderID)
		for _, want := range []string{"v2  order.paid", "committed, not fully derived", "DIFFERS from the master (status PENDING_PAYMENT)"} {
			if !strings.Contains(out, want) {
				t.Errorf("before heal, order show lacks %q:\n%s", want, out)
			}
		}
		if out := w.must(t, "heal", rec.OrderID); !strings.Contains(out, "1 changes finished, 0 dropped") {
			t.Errorf("heal said %s", out)
		}
		out = w.must(t, "order", "show", rec.OrderID)
		if strings.Count(out, "agrees with the master") != 2 || !strings.Contains(out, "pending changes\n  none") ||
			!strings.Contains(out, "PENDING_PAYMENT → PAID") {
			t.Errorf("after heal:\n%s", out)
		}
		stream, err := w.js.Stream(ctx, "ORDER_EVENTS")
		if err != nil {
			t.Fatal(err)
		}
		m, err := stream.GetLastMsgForSubject(ctx, order.EventPaid.Subject())
		if err != nil || !strings.Contains(string(m.Data), order.EventIDFor(rec.OrderID, 2, 1)) {
			t.Errorf("order.paid not published by heal: %v", err)
		}
		if out := w.must(t, "heal", rec.OrderID); !strings.Contains(out, "0 changes finished, 0 dropped") {
			t.Errorf("second heal said %s", out)
		}
	})
}
