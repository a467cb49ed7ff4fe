package function

import (
	"context"
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// An event the order's record does not hold pushes nothing, however it
// was signed: one naming another user or store than the order's, a status
// the order never had at that version, a cancellation of an order that is
// not cancelled, an event of an unknown order. Each is refused for good,
// on the HTTP path (400) as on the JetStream one (permanent), and
// counted; the genuine event is then pushed as before.
func TestContradictedEventsPushNothing(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		contradicted := eventstest.Contradicted(t)
		f := newFixture(t, s)
		n := f.notifier(t)
		evs := f.stored(t, orderID, order.StatusAccepted)
		paid, accepted := evs[order.EventPaid], evs[order.EventAccepted]
		stranger, otherStore := accepted, paid
		stranger.UserID, otherStore.StoreID = "u-stranger", "s-other"
		forged := map[string]order.Event{
			"another user":        stranger,
			"another store":       otherStore,
			"a version never had": event(order.EventAccepted, orderID, 9, order.AcceptedData{}),
			"cancelled while accepted": event(order.EventCancelled, orderID, accepted.OrderVersion,
				order.CancelledData{Action: order.ActionCancel, From: order.StatusPaid, Reason: "forged"}),
			"an unknown order": event(order.EventAccepted, order.NewID(f.clock.Now()), 3, nil),
		}
		for name, e := range forged {
			err := n.Notify(context.Background(), e)
			if !events.IsPermanent(err) || !errors.Is(err, orderstore.ErrEventUnknown) {
				t.Errorf("%s: %v, want a permanent refusal", name, err)
			}
			if resp := post(n, encode(t, e)); resp.StatusCode != 400 {
				t.Errorf("%s: answered %d %s, want 400", name, resp.StatusCode, resp.Body)
			}
		}
		if calls := f.pushCalls(t); calls != 0 {
			t.Fatalf("forged events reached the gateway %d times", calls)
		}
		if got := contradicted(Name); got != 2*int64(len(forged)) {
			t.Fatalf("%s{consumer=%s} = %d, want %d", events.ContradictedMetric, Name, got, 2*len(forged))
		}
		if err := n.Notify(context.Background(), accepted); err != nil {
			t.Fatal(err)
		}
		f.checkOnceEach(t, accepted.EventID+".user")
	})
}
