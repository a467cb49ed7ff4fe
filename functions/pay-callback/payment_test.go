package function

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// One payment.succeeded delivered 100 times at once pays the order once:
// one PAID transition, one order.paid event; every delivery answers 200.
// Its ledger says so: one entry applied, one already processed (the
// redeliveries are one entry), each with the notification as received;
// the order is in the day index of money movement.
func TestConcurrentDeliveriesPayOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		srv := eventstest.Start(t)
		r := newRig(t, s, srv)
		orderID := r.newOrder(t)
		first := r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800})
		if first.Webhook.Status != 200 {
			t.Fatalf("first delivery: %+v", first.Webhook)
		}
		body, _ := json.Marshal(first.Event)
		var wg sync.WaitGroup
		statuses := make([]int, 100)
		for i := range statuses {
			wg.Go(func() {
				header := signature.Sign([]byte("whsec-current"), time.Now(), body)
				req, _ := http.NewRequest(http.MethodPost, r.url, bytes.NewReader(body))
				req.Header.Set(signature.HeaderName, header)
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					statuses[i] = resp.StatusCode
					resp.Body.Close()
				}
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 200 {
				t.Fatalf("delivery %d answered %d", i, st)
			}
		}
		o, _ := r.repo.Get(context.Background(), orderID)
		if o.Status() != order.StatusPaid || o.Version() != 2 || r.changes(t, orderID, order.EventPaid.String()) != 1 {
			t.Fatalf("order %s v%d", o.Status(), o.Version())
		}
		if n := countEvents(t, srv, order.EventPaid, orderID); n != 1 {
			t.Fatalf("%d order.paid events, want 1", n)
		}
		entries := r.entries(t, orderID)
		if got := outcomes(entries); !slices.Equal(got, []string{"notification applied", "notification already_processed"}) {
			t.Fatalf("ledger %v: the payment applied once, then its redeliveries already processed", got)
		}
		for _, e := range entries {
			if e.Source != ledger.SourceWebhook || e.EventID != first.Event.EventID || e.TxnID != first.Event.TxnID ||
				e.Amount != 5800 || e.Status != ledger.StatusSucceeded || !bytes.Equal(e.Body, body) {
				t.Errorf("entry %+v", e)
			}
		}
		day := entries[0].At.Format("2006-01-02")
		if ids, err := r.repo.PaymentLedger().OrdersOfDay(context.Background(), day); err != nil || !slices.Contains(ids, orderID) {
			t.Errorf("orders of %s: %v %v", day, ids, err)
		}
	})
}

// A late payment (the order was cancelled first) and a payment of the
// wrong amount each leave the order as it was and are returned: exactly
// one refund at the provider, however often the webhook comes.
func TestPaymentsTheOrderCannotTakeAreReturnedOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		for _, tt := range []struct {
			name   string
			amount int64
			cancel bool
			status order.Status
		}{
			{"late", 5800, true, order.StatusCancelled},
			{"mismatch", 5799, false, order.StatusPendingPayment},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := newRig(t, s, nil)
				ctx := context.Background()
				orderID := r.newOrder(t)
				if tt.cancel {
					if _, err := r.repo.Update(ctx, orderID, 0, func(o *order.Order) error {
						return o.Apply(order.ActionPayTimeout, order.System("pay-timeout"), "", time.Now())
					}); err != nil {
						t.Fatal(err)
					}
				}
				d := r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: tt.amount})
				for range 3 {
					if again, err := r.sandbox.Redeliver(ctx, d.Event.EventID); err != nil || again.Webhook.Status != 200 {
						t.Fatalf("redeliver: %+v %v", again.Webhook, err)
					}
				}
				returnID := order.PaymentReturnID(d.Event.TxnID)
				for range 2 { // the refund.requested event, delivered twice
					if _, err := r.refunds.Execute(ctx, orderID, returnID); err != nil {
						t.Fatal(err)
					}
				}
				want := []string{"notification rejected", "payment_return applied", "notification already_processed",
					"refund_attempt applied", "refund_settled applied"}
				entries := r.entries(t, orderID)
				if got := outcomes(entries); !slices.Equal(got, want) {
					t.Fatalf("ledger %v, want %v", got, want)
				}
				reason := map[bool]string{true: order.ReturnOrderCancelled, false: order.ReturnAmountMismatch}[tt.cancel]
				if e := entries[1]; e.RefundID != returnID || e.Amount != tt.amount || e.Reason != reason || entries[0].Reason != reason {
					t.Fatalf("return entries %+v %+v", entries[0], e)
				}
				o, _ := r.repo.Get(ctx, orderID)
				rf, _ := o.Refund(returnID)
				if o.Status() != tt.status || rf.Status != order.RefundSucceeded || rf.Amount != tt.amount ||
					r.sandbox.Refunds(returnID).Executed != 1 || r.changes(t, orderID, order.EventPaymentAnomaly.String()) != 1 ||
					o.Amounts().Paid != 0 {
					t.Fatalf("order %s, return %+v, %d at the provider", o.Status(), rf, r.sandbox.Refunds(returnID).Executed)
				}
			})
		}
	})
}

// A second, different payment of a paid order is returned; a failed
// payment is noted once and leaves the order payable.
func TestDoubleAndFailedPayments(t *testing.T) {
	r := newRig(t, backends.Bolt(t), nil)
	ctx := context.Background()
	orderID := r.newOrder(t)
	failed := r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800, Type: sandbox.TypePaymentFailed})
	if _, err := r.sandbox.Redeliver(ctx, failed.Event.EventID); err != nil || r.changes(t, orderID, order.ChangePaymentFailed) != 1 {
		t.Fatalf("payment.failed: %v", err)
	}
	r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800})
	second := r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800})
	o, _ := r.repo.Get(ctx, orderID)
	rf, ok := o.Refund(order.PaymentReturnID(second.Event.TxnID))
	if o.Status() != order.StatusPaid || !ok || rf.Kind != order.KindPaymentReturn || o.Amounts().Paid != 5800 {
		t.Fatalf("order %s, return %+v", o.Status(), rf)
	}
}

// A refund the provider answered pending is settled by its webhook; a
// refund notification for a refund never recorded changes nothing.
func TestRefundNotifications(t *testing.T) {
	r := newRig(t, backends.Bolt(t), nil)
	ctx := context.Background()
	orderID := r.newOrder(t)
	r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800})
	svc := order.Actor{Role: order.RoleService, ID: "cs-1"}
	if _, _, err := r.refunds.Request(ctx, refundInput(orderID, "rf-pend"), svc); err != nil {
		t.Fatal(err)
	}
	r.sandbox.SetFaults(sandbox.Faults{PendingNext: 1})
	if res, err := r.refunds.Execute(ctx, orderID, "rf-pend"); err != nil || res.Status != order.RefundPending {
		t.Fatalf("execute: %+v %v", res, err)
	}
	d, err := r.sandbox.CompleteRefund(ctx, "rf-pend", sandbox.StatusSucceeded)
	if err != nil || d.Webhook.Status != 200 {
		t.Fatalf("webhook: %+v %v", d.Webhook, err)
	}
	if again, _ := r.sandbox.Redeliver(ctx, d.Event.EventID); again.Webhook.Status != 200 {
		t.Fatalf("redelivered: %+v", again.Webhook)
	}
	o, _ := r.repo.Get(ctx, orderID)
	if rf, _ := o.Refund("rf-pend"); rf.Status != order.RefundSucceeded || o.Amounts().Refunded != 100 ||
		r.changes(t, orderID, order.EventRefundSucceeded.String()) != 1 {
		t.Fatalf("refund %+v", rf)
	}
	before := o.Version()
	ev := sandbox.Event{EventID: "evt-early", Type: sandbox.TypeRefundSucceeded, OrderID: orderID,
		TxnID: "txn-x", Amount: 100, Currency: "CNY", RefundID: "rf-never"}
	if status := r.send(t, ev); status != 404 {
		t.Fatalf("unknown refund answered %d", status)
	}
	if o, _ := r.repo.Get(ctx, orderID); o.Version() != before {
		t.Fatal("an unknown refund's notification changed the order")
	}
	want := []string{"notification applied", "refund_attempt pending", "notification applied",
		"refund_settled applied", "notification already_processed"}
	if got := outcomes(r.entries(t, orderID)); !slices.Equal(got, want) {
		t.Fatalf("ledger %v, want %v", got, want)
	}
}

func TestBadNotifications(t *testing.T) {
	r := newRig(t, backends.Bolt(t), nil)
	unknown := sandbox.Event{EventID: "evt-u", Type: sandbox.TypePaymentSucceeded, OrderID: "no-such-order",
		TxnID: "txn-u", Amount: 100, Currency: "CNY"}
	if status := r.send(t, unknown); status != 404 {
		t.Fatalf("unknown order: %d", status)
	}
	malformed := sandbox.Event{EventID: "evt-m", Type: "payment.maybe", OrderID: r.newOrder(t), TxnID: "t", Amount: 1}
	if status := r.send(t, malformed); status != 400 {
		t.Fatalf("malformed: %d", status)
	}
	resp, err := http.Post(r.url, "application/json", bytes.NewReader([]byte("{}")))
	if err != nil || resp.StatusCode != 401 {
		t.Fatalf("unsigned: %v %v", resp.StatusCode, err)
	}
}

// send signs and posts an event, returning the status.
func (r *rig) send(t *testing.T, ev sandbox.Event) int {
	t.Helper()
	body, _ := json.Marshal(ev)
	req, _ := http.NewRequest(http.MethodPost, r.url, bytes.NewReader(body))
	req.Header.Set(signature.HeaderName, signature.Sign([]byte("whsec-current"), time.Now(), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// countEvents counts the events of a type for an order in the stream.
func countEvents(t *testing.T, srv *eventstest.Server, typ order.EventType, orderID string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	js := srv.JetStream(srv.Connect())
	cons, err := js.OrderedConsumer(ctx, events.Stream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{events.Subject(typ)}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		batch, err := cons.Fetch(100, jetstream.FetchMaxWait(500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			got++
			var e order.Event
			if json.Unmarshal(m.Data(), &e) == nil && e.OrderID == orderID {
				n++
			}
		}
		if got == 0 {
			return n
		}
	}
}

// The payment ledger's writes failing (its partitions unavailable) never
// stop a payment: the order is paid once and the provider gets its 200;
// the ledger stays empty.
func TestPaymentsGoThroughWithTheLedgerDown(t *testing.T) {
	inner := backends.Bolt(t)
	r := newRig(t, ledgerDown{inner}, nil)
	orderID := r.newOrder(t)
	d := r.pay(t, sandbox.PayRequest{OrderID: orderID, Amount: 5800})
	again, err := r.sandbox.Redeliver(context.Background(), d.Event.EventID)
	if d.Webhook.Status != 200 || err != nil || again.Webhook.Status != 200 {
		t.Fatalf("deliveries: %+v, %+v %v", d.Webhook, again.Webhook, err)
	}
	if o, _ := r.repo.Get(context.Background(), orderID); o.Status() != order.StatusPaid || o.Version() != 2 {
		t.Fatalf("order %s v%d", o.Status(), o.Version())
	}
	page, err := orderstore.New(inner, orderstore.Options{}).PaymentLedger().Entries(context.Background(), orderID, 10, "")
	if err != nil || len(page.Entries) != 0 {
		t.Fatalf("ledger: %+v %v", page, err)
	}
}

// ledgerDown is a store whose ledger and day index partitions answer
// kv.ErrUnavailable, the orders' as usual.
type ledgerDown struct{ kv.Store }

func ledgerPartition(pk string) bool {
	return strings.HasPrefix(pk, "payledger#") || strings.HasPrefix(pk, "payday#")
}

func (s ledgerDown) Get(ctx context.Context, pk, sk string) (kv.Item, error) {
	if ledgerPartition(pk) {
		return kv.Item{}, kv.ErrUnavailable
	}
	return s.Store.Get(ctx, pk, sk)
}

func (s ledgerDown) Put(ctx context.Context, it kv.Item, cond kv.Condition) error {
	if ledgerPartition(it.PK) {
		return kv.ErrUnavailable
	}
	return s.Store.Put(ctx, it, cond)
}
