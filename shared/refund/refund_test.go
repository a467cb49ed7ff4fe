package refund_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// The process is killed after the provider refunded and before the refund
// is recorded: the sweeper resumes it once its lease is over, the provider
// replays its answer under the same key, and the refund ends SUCCEEDED
// with one refund at the provider.
func TestCrashBetweenProviderAndRecord(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newRig(t, s, refund.Config{})
		ctx := context.Background()
		o := r.paidOrder(t)
		if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: o.ID(), RefundID: "rf-crash-" + randomHex(4), Amount: 1000}, service); err != nil {
			t.Fatal(err)
		}
		rf := lastRefund(t, r, o.ID())
		r.store.crashes.Store(1)
		if _, err := r.svc.Execute(ctx, o.ID(), rf.RefundID); !errors.Is(err, errCrash) {
			t.Fatalf("execute with a crash: %v", err)
		}
		if got := r.refundOf(t, o.ID(), rf.RefundID); got.Status != order.RefundPending {
			t.Fatalf("after the crash: %s", got.Status)
		}
		report := resume(t, r, 0)
		if report.Found != 0 {
			t.Fatalf("resumed during the lease: %+v", report)
		}
		report = resume(t, r, r.svc.Config().Lease+r.svc.Config().LostAfter+time.Second)
		if report.Succeeded != 1 {
			t.Fatalf("resume: %+v", report)
		}
		got := r.refundOf(t, o.ID(), rf.RefundID)
		n := r.sandbox.Refunds(rf.RefundID)
		if got.Status != order.RefundSucceeded || got.Attempts != 2 || n.Executed != 1 || n.Calls != 2 {
			t.Fatalf("refund %+v; %d carried out in %d calls", got, n.Executed, n.Calls)
		}
	})
}

// A refund whose retry message was lost (NATS down) is found by the
// sweeper's task once it is overdue, and carried out.
func TestLostRetryIsResumedBySweeper(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newRig(t, s, refund.Config{})
		ctx := context.Background()
		o := r.paidOrder(t)
		id := "rf-lost-" + randomHex(4)
		if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: o.ID(), RefundID: id}, service); err != nil {
			t.Fatal(err)
		}
		r.sandbox.SetFaults(sandbox.Faults{FailNext: 1})
		res, err := r.svc.Execute(ctx, o.ID(), id)
		if err != nil || res.RetryAfter <= 0 || res.Status != order.RefundPending {
			t.Fatalf("first attempt: %+v %v", res, err)
		}
		// The retry message is lost: nothing but the sweeper comes back.
		if report := resume(t, r, res.RetryAfter); report.Found != 0 {
			t.Fatalf("resumed before it was lost: %+v", report)
		}
		if report := resume(t, r, r.svc.Config().LostAfter+time.Second); report.Succeeded != 1 {
			t.Fatalf("resume: %+v", report)
		}
		got := r.refundOf(t, o.ID(), id)
		if n := r.sandbox.Refunds(id).Executed; got.Status != order.RefundSucceeded || got.Amount != 5800 || n != 1 {
			t.Fatalf("refund %+v, %d at the provider", got, n)
		}
		if o, _ := r.repo.Get(ctx, o.ID()); o.Amounts().Refunded != 5800 {
			t.Fatalf("amounts %+v", o.Amounts())
		}
	})
}

// Twenty partial refunds racing on one order never commit more than was
// paid: the master's version guard decides.
func TestRacingPartialRefunds(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newRig(t, s, refund.Config{})
		ctx := context.Background()
		o := r.paidOrder(t)
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for i := range errs {
			wg.Go(func() {
				_, _, errs[i] = r.svc.Request(ctx, refund.Input{OrderID: o.ID(),
					RefundID: fmt.Sprintf("race-%d", i), Amount: 700}, service)
			})
		}
		wg.Wait()
		accepted := 0
		for _, err := range errs {
			switch {
			case err == nil:
				accepted++
			case !errors.Is(err, order.ErrRefundExceedsPaid) && !errors.Is(err, refund.ErrBusy):
				t.Fatalf("unexpected refusal: %v", err)
			}
		}
		got, err := r.repo.Get(ctx, o.ID())
		if err != nil {
			t.Fatal(err)
		}
		var committed int64
		for _, rf := range got.Refunds() {
			committed += rf.Amount
		}
		if accepted == 0 || accepted > 8 || committed != int64(accepted)*700 || committed > 5800 {
			t.Fatalf("%d accepted, %d committed of 5800 paid", accepted, committed)
		}
		t.Logf("%d of 20 accepted (%d committed)", accepted, committed)
	})
}

// The retry budget spent, the refund is FAILED and refund.failed is on
// its timeline; a permanent refusal fails it at once.
func TestFailures(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		for name, faults := range map[string]sandbox.Faults{
			"budget":    {FailNext: 10},
			"permanent": {FailNext: 1, Status: 400},
		} {
			t.Run(name, func(t *testing.T) {
				r := newRig(t, s, refund.Config{Schedule: []time.Duration{time.Second, time.Second}})
				ctx := context.Background()
				o := r.paidOrder(t)
				id := "rf-fail-" + randomHex(4)
				if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: o.ID(), RefundID: id, Amount: 100}, service); err != nil {
					t.Fatal(err)
				}
				r.sandbox.SetFaults(faults)
				res := runUntilSettled(t, r, o.ID(), id)
				got := r.refundOf(t, o.ID(), id)
				wantAttempts := map[string]int{"budget": 3, "permanent": 1}[name]
				if res.Status != order.RefundFailed || got.Attempts != wantAttempts || got.Failure == "" {
					t.Fatalf("refund %+v", got)
				}
				timeline, _ := r.repo.Timeline(ctx, o.ID())
				if last := timeline[len(timeline)-1]; last.Type != order.EventRefundFailed.String() {
					t.Fatalf("last change %+v", last)
				}
				entries := r.entries(t, o.ID())
				if count(entries, ledger.KindRefundAttempt, ledger.OutcomeFailed) != wantAttempts-1 ||
					count(entries, ledger.KindRefundAttempt, ledger.OutcomeRejected) != 1 ||
					count(entries, ledger.KindRefundSettled, ledger.OutcomeApplied) != 1 || len(entries) != wantAttempts+1 ||
					entries[len(entries)-1].Status != ledger.StatusFailed {
					t.Fatalf("ledger: %+v", entries)
				}
			})
		}
	})
}

// A refund the provider answered pending waits for the webhook, which
// settles it once however often it comes.
func TestPendingSettledByWebhook(t *testing.T) {
	r := newRig(t, backends.Bolt(t), refund.Config{})
	ctx := context.Background()
	o := r.paidOrder(t)
	id := "rf-pend-" + randomHex(4)
	if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: o.ID(), RefundID: id, Amount: 100}, service); err != nil {
		t.Fatal(err)
	}
	r.sandbox.SetFaults(sandbox.Faults{PendingNext: 1})
	if res, err := r.svc.Execute(ctx, o.ID(), id); err != nil || res.RetryAfter != 0 || res.Status != order.RefundPending {
		t.Fatalf("attempt: %+v %v", res, err)
	}
	for range 3 {
		v, err := r.svc.Complete(ctx, "", id, true, "", webhook("evt-1"))
		if err != nil || v.Status != "SUCCEEDED" || v.Attempts != 1 {
			t.Fatalf("complete: %+v %v", v, err)
		}
	}
	timeline, _ := r.repo.Timeline(ctx, o.ID())
	n := 0
	for _, c := range timeline {
		if c.Type == order.EventRefundSucceeded.String() {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d refund.succeeded changes, want 1", n)
	}
	entries := r.entries(t, o.ID())
	if count(entries, ledger.KindRefundAttempt, ledger.OutcomePending) != 1 ||
		count(entries, ledger.KindNotification, ledger.OutcomeApplied) != 1 ||
		count(entries, ledger.KindNotification, ledger.OutcomeAlreadyProcessed) != 1 ||
		count(entries, ledger.KindRefundSettled, ledger.OutcomeApplied) != 1 || len(entries) != 4 {
		t.Fatalf("ledger: %+v", entries)
	}
	if _, err := r.svc.Complete(ctx, "", "rf-unknown", true, "", webhook("evt-2")); !errors.Is(err, refund.ErrNotFound) {
		t.Fatalf("unknown refund: %v", err)
	}
}

// A cancelled paid order is refunded in full, once, however often its
// event comes.
func TestCancelledOrderIsRefunded(t *testing.T) {
	r := newRig(t, backends.Bolt(t), refund.Config{})
	ctx := context.Background()
	o := r.paidOrder(t)
	rec, err := r.repo.Update(ctx, o.ID(), 0, func(o *order.Order) error {
		return o.Apply(order.ActionReject, order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}, "sold out", r.clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	timeline, _ := r.repo.Timeline(ctx, rec.OrderID)
	cancelled := timeline[len(timeline)-1].Events[0]
	for range 2 {
		if _, err := r.svc.HandleEvent(ctx, cancelled); err != nil {
			t.Fatal(err)
		}
	}
	timeline, _ = r.repo.Timeline(ctx, rec.OrderID)
	requested := timeline[len(timeline)-1].Events[0]
	if requested.Type != order.EventRefundRequested || requested.Data.(order.RefundRequestedData).RefundID != order.CancelRefundID(rec.OrderID) {
		t.Fatalf("last event %+v", requested)
	}
	if res, err := r.svc.HandleEvent(ctx, requested); err != nil || res.Status != order.RefundSucceeded {
		t.Fatalf("carry out: %+v %v", res, err)
	}
	got, _ := r.repo.Get(ctx, rec.OrderID)
	if len(got.Refunds()) != 1 || got.Amounts().Refunded != 5800 {
		t.Fatalf("refunds %+v", got.Refunds())
	}
}

func TestRefundIDsAndLookup(t *testing.T) {
	r := newRig(t, backends.Bolt(t), refund.Config{})
	ctx := context.Background()
	a, b := r.paidOrder(t), r.paidOrder(t)
	id := "rf-id-" + randomHex(4)
	if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: a.ID(), RefundID: id, Amount: 10}, service); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: b.ID(), RefundID: id, Amount: 10}, service); !errors.Is(err, refund.ErrRefundIDTaken) {
		t.Fatalf("same id on another order: %v", err)
	}
	if _, _, err := r.svc.Request(ctx, refund.Input{OrderID: b.ID(), RefundID: "cancel-x"}, service); !errors.Is(err, order.ErrInvalidOrder) {
		t.Fatalf("reserved id: %v", err)
	}
	for _, tt := range []struct {
		by   order.Actor
		want error
	}{
		{order.Actor{Role: order.RoleUser, ID: "u-1"}, nil},
		{order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}, nil},
		{service, nil},
		{order.Actor{Role: order.RoleUser, ID: "u-2"}, refund.ErrNotFound},
		{order.Actor{Role: order.RoleMerchant, ID: "m-2", StoreID: "s-2"}, refund.ErrNotFound},
		{order.Actor{Role: order.RoleRider, ID: "r-1"}, refund.ErrNotFound},
	} {
		v, err := r.svc.Lookup(ctx, id, tt.by)
		if !errors.Is(err, tt.want) || (err == nil && (v.OrderID != a.ID() || v.Amount != 10)) {
			t.Errorf("%v: %+v %v", tt.by, v, err)
		}
	}
}

// lastRefund returns the order's newest refund.
func lastRefund(t *testing.T, r *rig, orderID string) order.Refund {
	t.Helper()
	o, err := r.repo.Get(context.Background(), orderID)
	if err != nil || len(o.Refunds()) == 0 {
		t.Fatalf("no refund on %s: %v", orderID, err)
	}
	return o.Refunds()[len(o.Refunds())-1]
}

// resume moves the clock and runs the sweeper's task once.
func resume(t *testing.T, r *rig, advance time.Duration) refund.ResumeReport {
	t.Helper()
	r.clock.Advance(advance)
	got, err := refund.ResumeTask{Service: r.svc}.Run(context.Background())
	if err != nil && !strings.Contains(err.Error(), "not found") {
		t.Fatalf("resume: %v", err)
	}
	return got.(refund.ResumeReport)
}

// runUntilSettled attempts the refund, moving the clock on, until it
// settles.
func runUntilSettled(t *testing.T, r *rig, orderID, refundID string) refund.Result {
	t.Helper()
	for range 20 {
		res, err := r.svc.Execute(context.Background(), orderID, refundID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status.IsFinal() {
			return res
		}
		r.clock.Advance(res.RetryAfter + time.Second)
	}
	t.Fatal("not settled after 20 attempts")
	return refund.Result{}
}
