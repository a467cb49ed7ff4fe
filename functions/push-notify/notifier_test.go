package function

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

func TestNotifySendsOnceHoweverOftenRedelivered(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	e := f.stored(t, orderID, order.StatusPaid)[order.EventPaid]
	user, merchant := e.EventID+".user", e.EventID+".merchant"
	for i := range 5 {
		report, err := n.Process(context.Background(), e)
		if err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
		want := Report{EventID: e.EventID, Sent: []string{user, merchant}, Skipped: []Skip{}}
		if i > 0 {
			want = Report{EventID: e.EventID, Sent: []string{}, Skipped: []Skip{
				{user, ReasonAlreadySent}, {merchant, ReasonAlreadySent}}}
		}
		if !sameReport(report, want) {
			t.Fatalf("delivery %d: %+v, want %+v", i, report, want)
		}
	}
	f.checkOnceEach(t, user, merchant)
	got := f.notifications(t)
	if got[0].Recipient != (push.Recipient{Kind: "user", ID: "u-1"}) || got[1].Recipient != (push.Recipient{Kind: "merchant", ID: "s-1"}) ||
		got[1].Body != "New paid order #7K2M9Q for ¥25.50. Please accept it." {
		t.Fatalf("delivered %+v", got)
	}
}

func TestGatewayFailingThreeTimesThenSucceeding(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	f.faults(t, `{"fail_next":3,"status":503}`)
	e := f.stored(t, orderID, order.StatusAccepted)[order.EventAccepted]
	for i := range 3 {
		err := n.Notify(context.Background(), e)
		var ra *events.RetryAfter
		if !errors.Is(err, push.ErrUnavailable) || events.IsPermanent(err) || !errors.As(err, &ra) || ra.After != time.Second {
			t.Fatalf("call %d: %v, want transient with the gateway's Retry-After", i, err)
		}
	}
	if err := n.Notify(context.Background(), e); err != nil {
		t.Fatalf("fourth call: %v", err)
	}
	if f.pushCalls(t) != 4 || len(f.notifications(t)) != 1 {
		t.Fatalf("%d calls, %d delivered; want 4 calls, 1 delivered", f.pushCalls(t), len(f.notifications(t)))
	}
}

func TestAnswerLostIsRetriedUnderTheSameKey(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) {
		d.Push = must(push.NewClient(push.Config{URL: f.gateway.URL, Timeout: 100 * time.Millisecond}))
	})
	f.faults(t, `{"timeout_next":1}`)
	e := f.stored(t, orderID, order.StatusDelivered)[order.EventDelivered]
	if err := n.Notify(context.Background(), e); !errors.Is(err, push.ErrUnavailable) {
		t.Fatalf("hung gateway: %v", err)
	}
	if err := n.Notify(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	got := f.notifications(t)
	if len(got) != 1 || got[0].Duplicates != 1 {
		t.Fatalf("delivered %+v: the retry must reuse the Idempotency-Key", got)
	}
}

func TestRejectedPushIsDroppedAndNotRetried(t *testing.T) {
	dropped := recordMetrics(t)
	f := newFixture(t)
	n := f.notifier(t)
	f.faults(t, `{"fail_next":1,"status":400}`)
	e := f.stored(t, orderID, order.StatusAccepted)[order.EventAccepted]
	report, err := n.Process(context.Background(), e)
	if err != nil || len(report.Skipped) != 1 || report.Skipped[0].Reason != ReasonRejected {
		t.Fatalf("rejected push: %+v %v", report, err)
	}
	report, err = n.Process(context.Background(), e)
	if err != nil || len(report.Skipped) != 1 || report.Skipped[0].Reason != ReasonAlreadyRejected {
		t.Fatalf("redelivered: %+v %v", report, err)
	}
	if f.pushCalls(t) != 1 || len(f.notifications(t)) != 0 {
		t.Fatalf("%d calls, %d delivered; want 1 call, none delivered", f.pushCalls(t), len(f.notifications(t)))
	}
	if got := dropped(t, ReasonRejected); got != 1 {
		t.Fatalf("%s{reason=rejected} = %d, want 1", DroppedMetric, got)
	}
	log := f.log.String()
	if !strings.Contains(log, `"msg":"push dropped"`) || !strings.Contains(log, e.EventID) ||
		!strings.Contains(log, `"status":400`) || strings.Contains(log, "u-1") || strings.Contains(log, "accepted order") {
		t.Fatalf("log line: %s", log)
	}
}

func TestClaimHeldElsewhereAnswersBusy(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	e := f.stored(t, orderID, order.StatusDelivered)[order.EventDelivered]
	claim := n.ledger.keysOf(must(Plan(e))[0]).claim
	if err := f.rdb.Set(context.Background(), claim, "another instance", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	err := n.Notify(context.Background(), e)
	var ra *events.RetryAfter
	if !errors.Is(err, ErrBusy) || !errors.As(err, &ra) || ra.After != DefaultBusyRetry {
		t.Fatalf("claimed elsewhere: %v", err)
	}
	if err := f.rdb.Get(context.Background(), claim).Val(); err != "another instance" {
		t.Fatalf("the other instance's claim was touched: %q", err)
	}
	f.rdb.Del(context.Background(), claim)
	if err := n.Notify(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if ttl := f.rdb.PTTL(context.Background(), claim).Val(); ttl != -2*time.Nanosecond {
		t.Fatalf("claim left behind (pttl %s)", ttl)
	}
	f.checkOnceEach(t, e.EventID+".user")
}

func TestRedisDownIsTransient(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) { d.Redis = deadRedis(t) })
	err := n.Notify(context.Background(), f.stored(t, orderID, order.StatusDelivered)[order.EventDelivered])
	if err == nil || events.IsPermanent(err) {
		t.Fatalf("got %v, want transient", err)
	}
	if len(f.notifications(t)) != 0 {
		t.Fatal("pushed without the ledger")
	}
}

func TestInvalidEventIsPermanent(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t)
	e := event(order.EventPaid, orderID, 2, nil)
	e.StoreID = ""
	if err := n.Notify(context.Background(), e); !events.IsPermanent(err) || !errors.Is(err, order.ErrInvalidEvent) {
		t.Fatalf("got %v", err)
	}
}

func sameReport(a, b Report) bool { return reflect.DeepEqual(a, b) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
