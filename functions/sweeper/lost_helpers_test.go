package function

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/refund"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// lostRig is the order center around the sweeper's hand-off tasks: a
// real store, a real NATS server the repository publishes to, real Redis
// holding for the orders, the refund service paying back through the
// sandbox provider over HTTP, and a test clock.
type lostRig struct {
	nats    *eventstest.Server
	js      jetstream.JetStream
	repo    *orderstore.Repository
	sandbox *sandbox.Provider
	refunds *refund.Service
	holds   *reserve.Reserver
	rdb     redis.UniversalClient
	prefix  string
	clock   *clocktest.Clock
}

func newLostRig(t testing.TB, s kv.Store) *lostRig {
	t.Helper()
	r := &lostRig{nats: eventstest.Start(t), rdb: redistest.Client(t), prefix: redistest.Prefix(t),
		clock: clocktest.New(time.Now().UTC().Truncate(time.Second))}
	r.js = r.nats.JetStream(r.nats.Connect())
	pub, err := events.NewPublisher(r.nats.Connect(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r.repo = orderstore.New(s, orderstore.Options{Publisher: pub, Now: r.clock.Now})
	r.sandbox, err = sandbox.New(sandbox.Config{WebhookURL: "http://127.0.0.1:1/pay-callback",
		Secrets: func() [][]byte { return [][]byte{[]byte("whsec")} }})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(r.sandbox)
	t.Cleanup(hs.Close)
	client, err := provider.New(provider.Config{URL: hs.URL, Breaker: provider.BreakerConfig{Failures: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	r.refunds, err = refund.New(refund.Deps{Orders: r.repo, Index: r.repo.RefundIndex(), Provider: client,
		Config: refund.Config{Now: r.clock.Now}})
	if err != nil {
		t.Fatal(err)
	}
	r.holds = reserve.New(r.rdb, reserve.Config{Prefix: r.prefix, Store: r.repo, MaxUnpaid: 3, Now: r.clock.Now})
	return r
}

// sweeper is a sweeper with the hand-off tasks, as Build wires them.
func (r *lostRig) sweeper() *Sweeper {
	return New(nil, lostEventTasks(r.repo, r.refunds, r.holds, timers.Config{Now: r.clock.Now, Budget: time.Minute})...)
}

// handoffs sweeps once and returns the reports of the two hand-off
// tasks, failing the test on a task error.
func handoffs(t testing.TB, s *Sweeper) (refunds, holds timers.HandoffReport) {
	t.Helper()
	report := s.Sweep(context.Background())
	if len(report.Errors) > 0 {
		t.Fatalf("sweep failed: %v", report.Errors)
	}
	return report.Tasks[LostCancelRefunds].(timers.HandoffReport), report.Tasks[LostPaidHolds].(timers.HandoffReport)
}

// placePaid places an order of the user, holds a unit of "limited", the
// coupon cp-1 and an unpaid place for it, as place-order does, and pays
// it: its order.paid is in the stream.
func (r *lostRig) placePaid(t testing.TB, user string) string {
	t.Helper()
	id := r.placeUnpaid(t, user)
	orderstoretest.Drive(t, r.repo, id, order.StatusPaid, "", r.clock.Now())
	return id
}

// placeUnpaid places an order of the user with its holds, as placePaid,
// and leaves it unpaid.
func (r *lostRig) placeUnpaid(t testing.TB, user string) string {
	t.Helper()
	ctx, now := context.Background(), r.clock.Now()
	o := orderstoretest.NewOrder(t, orderstoretest.Spec{UserID: user, Now: now})
	err := r.holds.Hold(ctx, reserve.Request{OrderID: o.ID(), UserID: user, StoreID: "s-1", Day: "2026-11-21",
		Lines: []reserve.Line{{SKU: "limited", Qty: 1, Limit: 1000}}, CouponID: "cp-1",
		CouponExpires: now.Add(24 * time.Hour), PayDeadline: o.PayDeadline()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.repo.Create(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := r.holds.Commit(ctx, o.ID()); err != nil {
		t.Fatal(err)
	}
	return o.ID()
}

// cancel cancels the order by its user: its order.cancelled (refund
// due) is in the stream.
func (r *lostRig) cancel(t testing.TB, id string) {
	t.Helper()
	orderstoretest.Drive(t, r.repo, id, order.StatusCancelled, "", r.clock.Now())
}

// event is the order's stored event of the type.
func (r *lostRig) event(t testing.TB, id string, typ order.EventType) order.Event {
	t.Helper()
	changes, err := r.repo.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		for _, ev := range c.Events {
			if ev.Type == typ {
				return ev
			}
		}
	}
	t.Fatalf("order %s has no %s", id, typ)
	return order.Event{}
}

// lose deletes the event's message from the stream, as if it had never
// reached JetStream's consumers.
func (r *lostRig) lose(t testing.TB, ev order.Event) {
	t.Helper()
	ctx := context.Background()
	stream, err := r.js.Stream(ctx, events.Stream)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := stream.GetLastMsgForSubject(ctx, ev.Type.Subject())
	if err != nil {
		t.Fatal(err)
	}
	if id := msg.Header.Get("Nats-Msg-Id"); id != ev.EventID {
		t.Fatalf("last %s is %s, not %s", ev.Type, id, ev.EventID)
	}
	if err := stream.DeleteMsg(ctx, msg.Sequence); err != nil {
		t.Fatal(err)
	}
}

// deliverLate publishes the event again, without its message id (the
// stream's duplicate window would drop it otherwise), as a late
// redelivery, and returns its sequence.
func (r *lostRig) deliverLate(t testing.TB, ev order.Event) uint64 {
	t.Helper()
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := r.js.Publish(context.Background(), ev.Type.Subject(), data)
	if err != nil {
		t.Fatal(err)
	}
	return ack.Sequence
}

// consume runs a durable consumer of the subjects for the rest of the
// test, as the connector runs one for a function.
func (r *lostRig) consume(t testing.TB, name string, handle events.Handler, types ...order.EventType) {
	t.Helper()
	spec := events.ConsumerSpec{Name: name, AckWait: 10 * time.Second, MaxDeliver: 30,
		BackOff: []time.Duration{100 * time.Millisecond}}
	for _, typ := range types {
		spec.Subjects = append(spec.Subjects, events.Subject(typ))
	}
	c, err := events.NewConsumer(context.Background(), r.js, spec, handle, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// settled waits until the consumer has acknowledged every message up to
// the stream sequence and has none pending.
func (r *lostRig) settled(t testing.TB, name string, seq uint64) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := r.js.Consumer(ctx, events.Stream, name)
		if err != nil {
			t.Fatal(err)
		}
		info, err := c.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.AckFloor.Stream >= seq && info.NumPending == 0 && info.NumAckPending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("consumer %s not settled past %d: %+v", name, seq, info)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// refundConsumer is the refund function's queue path: each event to the
// refund service's HandleEvent.
func (r *lostRig) refundConsumer(ctx context.Context, m jetstream.Msg) error {
	ev, err := order.DecodeEvent(m.Data(), m.Subject())
	if err != nil {
		return events.Permanent(err)
	}
	_, err = r.refunds.HandleEvent(ctx, ev)
	return err
}

// refundsOf are the refunds recorded on the order.
func (r *lostRig) refundsOf(t testing.TB, id string) []order.Refund {
	t.Helper()
	o, err := r.repo.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Record().Refunds
}

// confirmed tells whether the order's holds are confirmed: its coupon
// spent, its unpaid place freed in Redis and in the store.
func (r *lostRig) confirmed(t testing.TB, user, id string) bool {
	t.Helper()
	ctx := context.Background()
	coupon := r.rdb.Get(ctx, r.prefix+"coupon:{user:"+user+"}:cp-1").Val()
	unpaid := r.rdb.ZScore(ctx, r.prefix+"unpaid:{user:"+user+"}", id).Err() == nil
	owners, err := r.repo.SlotOwners(ctx, orderstore.UnpaidSlots(user))
	if err != nil {
		t.Fatal(err)
	}
	inStore := false
	for _, o := range owners {
		inStore = inStore || o == id
	}
	return coupon == "s:"+id && !unpaid && !inStore
}

// checks are the hand-off checks of the kind in the store, due or not.
func (r *lostRig) checks(t testing.TB, kind orderstore.TimerKind) []string {
	t.Helper()
	due, err := r.repo.DueTimers(context.Background(), kind, r.clock.Now().Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range due {
		ids = append(ids, c.OrderID)
	}
	slices.Sort(ids)
	return ids
}
