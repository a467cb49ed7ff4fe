package refund_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// A refund answered pending whose webhook never comes is settled by the
// sweeper asking the provider how it stands, once; the webhook arriving
// afterwards changes nothing.
func TestPendingRefundSettledByQuery(t *testing.T) {
	for _, outcome := range []string{sandbox.StatusSucceeded, sandbox.StatusFailed} {
		t.Run(outcome, func(t *testing.T) {
			r := newRig(t, backends.Bolt(t), refund.Config{})
			o, id := r.pendingRefund(t)
			r.sandbox.SetFaults(sandbox.Faults{DropWebhooksNext: 1})
			if _, err := r.sandbox.CompleteRefund(context.Background(), id, outcome); err != nil {
				t.Fatal(err)
			}
			r.clock.Advance(10 * time.Minute)
			if rep := r.resume(t); rep.Found != 0 {
				t.Fatalf("before the await step: %+v", rep)
			}
			r.clock.Advance(10 * time.Minute)
			rep := r.resume(t)
			want := order.RefundSucceeded
			if outcome == sandbox.StatusFailed {
				want = order.RefundFailed
			}
			if rf := r.refundOf(t, o.ID(), id); rf.Status != want || rf.Attempts != 1 || rep.Found != 1 {
				t.Fatalf("after the query: %+v, resume %+v", rf, rep)
			}
			if got := r.sandbox.Refunds(id); got.Calls != 1 || got.Executed != 1 {
				t.Errorf("provider refunds under the key: %+v, want 1 call, executed", got)
			}
			v, err := r.svc.Complete(context.Background(), "", id, outcome == sandbox.StatusSucceeded, "late webhook", webhook("evt-late"))
			if err != nil || v.Status != want.String() {
				t.Fatalf("late webhook: %+v %v", v, err)
			}
			if n := r.countChanges(t, o.ID(), order.EventRefundSucceeded, order.EventRefundFailed); n != 1 {
				t.Errorf("%d settling changes, want 1", n)
			}
			entries := r.entries(t, o.ID())
			if count(entries, ledger.KindRefundAttempt, ledger.OutcomePending) != 1 ||
				count(entries, ledger.KindQuery, ledger.OutcomeApplied) != 1 ||
				count(entries, ledger.KindRefundSettled, ledger.OutcomeApplied) != 1 ||
				count(entries, ledger.KindNotification, ledger.OutcomeAlreadyProcessed) != 1 || len(entries) != 4 {
				t.Errorf("ledger: %+v", entries)
			}
			for _, e := range entries {
				if e.RefundID != id || e.Amount != 100 || (e.Kind != ledger.KindRefundAttempt && e.Status != outcome) {
					t.Errorf("ledger entry %+v", e)
				}
			}
			r.clock.Advance(48 * time.Hour)
			if rep := r.resume(t); rep.Found != 0 {
				t.Errorf("a settled refund is resumed again: %+v", rep)
			}
		})
	}
}

// A refund the provider says it does not know is sent again under the
// same Idempotency-Key; one still pending waits for the next step.
func TestPendingRefundUnknownIsSentAgain(t *testing.T) {
	r := newRig(t, backends.Bolt(t), refund.Config{})
	o, id := r.pendingRefund(t)
	r.clock.Advance(16 * time.Minute)
	if rep := r.resume(t); rep.Awaiting != 1 {
		t.Fatalf("still pending at the provider: %+v", rep)
	}
	client, err := provider.New(provider.Config{URL: r.url})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: forgetful{client},
		Config: refund.Config{Now: r.clock.Now}})
	if err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(2 * time.Hour)
	if rep, err := (refund.ResumeTask{Service: svc}).Run(context.Background()); err != nil || rep.(refund.ResumeReport).Awaiting != 1 {
		t.Fatalf("sent again: %+v %v", rep, err)
	}
	if got := r.sandbox.Refunds(id); got.Calls != 2 || got.Executed != 1 {
		t.Errorf("provider refunds under the key: %+v, want 2 calls, 1 executed", got)
	}
	if rf := r.refundOf(t, o.ID(), id); rf.Status != order.RefundPending {
		t.Errorf("refund %+v", rf)
	}
}

// forgetful is the provider client, except that it knows no refund.
type forgetful struct{ *provider.Client }

func (forgetful) RefundStatus(_ context.Context, id string) (provider.RefundState, error) {
	return provider.RefundState{}, fmt.Errorf("refund %s: %w", id, httpcall.ErrNotFound)
}

// pendingRefund requests a refund of a paid order that the provider
// answers pending.
func (r *rig) pendingRefund(t *testing.T) (*order.Order, string) {
	t.Helper()
	ctx := context.Background()
	o := r.paidOrder(t)
	id := "rf-rec-" + randomHex(4)
	if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: o.ID(), RefundID: id, Amount: 100}, service); err != nil {
		t.Fatal(err)
	}
	r.sandbox.SetFaults(sandbox.Faults{PendingNext: 1})
	if res, err := r.svc.Execute(ctx, o.ID(), id); err != nil || res.Status != order.RefundPending {
		t.Fatalf("attempt: %+v %v", res, err)
	}
	return o, id
}

// resume runs the sweeper's refund task once.
func (r *rig) resume(t *testing.T) refund.ResumeReport {
	t.Helper()
	rep, err := refund.ResumeTask{Service: r.svc}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep.(refund.ResumeReport)
}

// countChanges counts the order's timeline changes of the types.
func (r *rig) countChanges(t *testing.T, orderID string, types ...order.EventType) int {
	t.Helper()
	timeline, err := r.repo.Timeline(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range timeline {
		for _, typ := range types {
			if c.Type == typ.String() {
				n++
			}
		}
	}
	return n
}
