package orderstore

import (
	"context"
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

func TestGetWithTimelineReadsOrderAndChangesAtOnce(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		rec, err := repo.Create(context.Background(), newDraftOrder(t, c.Now(), "u-1", "s-1"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := repo.Update(context.Background(), rec.OrderID, 1, func(o *order.Order) error {
			return o.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: "u-1"}, "changed my mind", c.Now())
		}); err != nil {
			t.Fatal(err)
		}
		o, changes, err := repo.GetWithTimeline(context.Background(), rec.OrderID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := repo.Timeline(context.Background(), rec.OrderID)
		if o.Version() != 2 || o.Status() != order.StatusCancelled || len(changes) != 2 || len(want) != 2 ||
			changes[0].Type != order.EventCreated.String() || changes[1].Reason != "changed my mind" || changes[1].EventID() != want[1].EventID() {
			t.Errorf("order v%d %s, changes %+v", o.Version(), o.Status(), changes)
		}
		for _, id := range []string{"01kz0000000000000000000000", "a#b", ""} {
			if _, _, err := repo.GetWithTimeline(context.Background(), id); !errors.Is(err, ErrNotFound) {
				t.Errorf("%q: %v", id, err)
			}
		}
	})
}
