package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/dayreport"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	paysandbox "github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// reconcileDay is the day the reconciliation tests seed, at noon UTC.
var reconcileNoon = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// payWorld is a world with a sandbox payment provider on the same clock.
type payWorld struct {
	*world
	provider *paysandbox.Provider
	client   *provider.Client
	clock    *clocktest.Clock
}

func newPayWorld(t *testing.T, s kv.Store) *payWorld {
	t.Helper()
	w := &payWorld{world: newWorld(t, s), clock: clocktest.New(reconcileNoon)}
	p, err := paysandbox.New(paysandbox.Config{WebhookURL: "http://127.0.0.1:1/function/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }, Now: w.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	w.provider, w.vars["PAYMENT_PROVIDER_URL"] = p, srv.URL
	if w.client, err = provider.New(provider.Config{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	return w
}

// order places an order of the store and, when paid, pays it here by the
// txn "txn-<id>".
func (w *payWorld) order(t *testing.T, store string, paid bool) order.Record {
	t.Helper()
	orders, err := w.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	rec := orderstoretest.Place(t, orders, orderstoretest.Spec{StoreID: store, Now: w.clock.Now()})
	if paid {
		rec = orderstoretest.Drive(t, orders, rec.OrderID, order.StatusPaid, "", w.clock.Now())
		markMoneyDay(t, orders, rec.OrderID, w.clock.Now())
	}
	return rec
}

// paidAtProvider has the provider take a payment of the order.
func (w *payWorld) paidAtProvider(t *testing.T, id, txn string, amount int64) {
	t.Helper()
	// The webhook goes nowhere: the provider keeps the payment all the same.
	_, _ = w.provider.Pay(context.Background(), paysandbox.PayRequest{OrderID: id, TxnID: txn, Amount: amount})
}

// refundHere records a refund on the order, settled as succeeded when
// settled is set.
func (w *payWorld) refundHere(t *testing.T, id, refundID string, amount int64, settled bool) {
	t.Helper()
	orders, err := w.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	cs := order.Actor{Role: order.RoleService, ID: "cs-1"}
	if _, err := orders.Update(context.Background(), id, 0, func(o *order.Order) error {
		if _, _, err := o.RequestRefund(order.RefundRequest{RefundID: refundID, Amount: amount}, cs, w.clock.Now()); err != nil {
			return err
		}
		if settled {
			_, err := o.CompleteRefund(refundID, order.RefundOutcome{Succeeded: true, Attempts: 1}, cs, w.clock.Now())
			return err
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	markMoneyDay(t, orders, id, w.clock.Now())
}

// refundAtProvider has the provider take a refund of the txn.
func (w *payWorld) refundAtProvider(t *testing.T, refundID, txn string, amount int64) {
	t.Helper()
	if _, err := w.client.Refund(context.Background(), provider.Request{RefundID: refundID, TxnID: txn, Amount: amount, Currency: "CNY"}); err != nil {
		t.Fatal(err)
	}
}

// TestReconcileListsEachDifferenceOnce seeds a day with one of each kind
// of difference beside orders that agree, and checks the report lists
// each exactly once, in text and JSON, and exits 1.
func TestReconcileListsEachDifferenceOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		w := newPayWorld(t, s)
		const total = 5800 // orderstoretest's orders
		agreed := w.order(t, "s-1", true)
		w.paidAtProvider(t, agreed.OrderID, agreed.TxnID, total)

		notHere := w.order(t, "s-1", false)
		w.paidAtProvider(t, notHere.OrderID, "txn-lost-webhook", total)
		notThere := w.order(t, "s-1", true)
		amount := w.order(t, "s-2", true)
		w.paidAtProvider(t, amount.OrderID, amount.TxnID, 5000)

		rfThere := w.order(t, "s-1", true)
		w.paidAtProvider(t, rfThere.OrderID, rfThere.TxnID, total)
		w.refundAtProvider(t, "rf-only-there", rfThere.TxnID, 300)
		rfHere := w.order(t, "s-1", true)
		w.paidAtProvider(t, rfHere.OrderID, rfHere.TxnID, total)
		w.refundHere(t, rfHere.OrderID, "rf-only-here", 400, false)
		rfAmount := w.order(t, "s-1", true)
		w.paidAtProvider(t, rfAmount.OrderID, rfAmount.TxnID, total)
		w.refundHere(t, rfAmount.OrderID, "rf-amount", 1000, true)
		w.refundAtProvider(t, "rf-amount", rfAmount.TxnID, 900)
		rfStatus := w.order(t, "s-1", true)
		w.paidAtProvider(t, rfStatus.OrderID, rfStatus.TxnID, total)
		w.refundHere(t, rfStatus.OrderID, "rf-status", 1000, true)
		w.provider.SetFaults(paysandbox.Faults{PendingNext: 1})
		w.refundAtProvider(t, "rf-status", rfStatus.TxnID, 1000)
		_, _ = w.provider.CompleteRefund(context.Background(), "rf-status", paysandbox.StatusFailed)
		// A refund settled the same on both sides, and a pending one at
		// the provider, are no differences.
		w.refundHere(t, agreed.OrderID, "rf-agreed", 500, true)
		w.refundAtProvider(t, "rf-agreed", agreed.TxnID, 500)

		code, out, errOut := w.ocadmin(t, "reconcile", "--day", "2026-11-21", "--json")
		if code != 1 {
			t.Fatalf("reconcile: exit %d, want 1\n%s%s", code, out, errOut)
		}
		var rep dayreport.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, out)
		}
		want := map[dayreport.Kind]string{
			dayreport.PaidAtProviderNotHere:   notHere.OrderID,
			dayreport.PaidHereNotAtProvider:   notThere.OrderID,
			dayreport.PaymentAmountDiffers:    amount.OrderID,
			dayreport.RefundAtProviderNotHere: rfThere.OrderID,
			dayreport.RefundHereNotAtProvider: rfHere.OrderID,
			dayreport.RefundAmountDiffers:     rfAmount.OrderID,
			dayreport.RefundStatusDiffers:     rfStatus.OrderID,
		}
		if len(rep.Differences) != len(want) {
			t.Errorf("%d differences, want %d: %+v", len(rep.Differences), len(want), rep.Differences)
		}
		for _, d := range rep.Differences {
			if want[d.Kind] != d.OrderID {
				t.Errorf("difference %+v: want order %s for %s", d, want[d.Kind], d.Kind)
			}
			delete(want, d.Kind)
		}
		for kind := range want {
			t.Errorf("no %s listed", kind)
		}
		if rep.ProviderPayments != 7 || rep.ProviderRefunds != 4 || rep.Orders != 8 {
			t.Errorf("counts: %d payments, %d refunds, %d orders", rep.ProviderPayments, rep.ProviderRefunds, rep.Orders)
		}

		// One store: the other store's difference is not listed, nor the
		// provider's payment of an order it cannot place.
		code, text, _ := w.ocadmin(t, "reconcile", "--day", "2026-11-21", "--store", "s-2")
		if code != 1 || !strings.Contains(text, "1 differences") || !strings.Contains(text, "payment_amount_differs") ||
			!strings.Contains(text, "50.00 CNY succeeded") || strings.Contains(text, "rf-") {
			t.Errorf("--store s-2: exit %d\n%s", code, text)
		}
		// The day before has nothing.
		if out := w.must(t, "reconcile", "--day", "2026-11-20"); !strings.Contains(out, "0 differences") {
			t.Errorf("the day before:\n%s", out)
		}
	})
}

func TestReconcileIsCalledWithADay(t *testing.T) {
	w := newPayWorld(t, backends.Bolt(t))
	for _, args := range [][]string{{"reconcile"}, {"reconcile", "--day", "21-11-2026"}, {"reconcile", "--day", "2026-11-21", "extra"}} {
		if code, _, _ := w.ocadmin(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// markMoneyDay records in the order's payment ledger that money moved
// now, as pay-callback and the refund service do, which puts the order in
// the day index the report reads.
func markMoneyDay(t *testing.T, orders *orderstore.Repository, id string, now time.Time) {
	t.Helper()
	e := ledger.Entry{At: now, Kind: ledger.KindNotification, Source: ledger.SourceWebhook, EventID: "evt-seed-" + id,
		TxnID: "txn-" + id, Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeApplied}
	if err := orders.PaymentLedger().Record(context.Background(), id, e); err != nil {
		t.Fatal(err)
	}
}
