package function

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// Cancelling a paid order says in its order.cancelled event that a refund
// is due: the refund path consumes it.
func TestCancellationsSayWhetherARefundIsDue(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store)
		service := order.Actor{Role: order.RoleService, ID: "cs-1"}
		cases := []struct {
			name   string
			status order.Status
			by     order.Actor
			action string
			refund bool
		}{
			{"user cancels unpaid", order.StatusPendingPayment, user, "cancel", false},
			{"user cancels paid", order.StatusPaid, user, "cancel", true},
			{"merchant rejects", order.StatusPaid, merchant, "reject", true},
			{"merchant cancels accepted", order.StatusAccepted, merchant, "cancel", true},
			{"service cancels ready", order.StatusReady, service, "cancel", true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
				orderstoretest.Drive(t, f.repo, id, c.status, "", time.Now())
				resp := f.act(t, c.by, id, c.action, `{"reason":"kitchen closed"}`)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
				}
				if rec := decodeRecord(t, resp); rec.CancelReason != "kitchen closed" {
					t.Errorf("cancel reason %q", rec.CancelReason)
				}
				changes, err := f.repo.Timeline(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				last := changes[len(changes)-1].Events[0]
				if last.Type != order.EventCancelled || last.Data.(order.CancelledData).RefundDue != c.refund {
					t.Errorf("last event %s %v, want order.cancelled refund_due=%v", last.Type, last.Data, c.refund)
				}
			})
		}
	})
}

// Actions racing on one order resolve to one outcome: one answer 200, the
// others 409, and the timeline holds one move.
func TestRacingActionsHaveOneWinner(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store)
		id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
		rec := orderstoretest.Drive(t, f.repo, id, order.StatusPaid, "", time.Now())
		racers := []struct {
			by     order.Actor
			action string
		}{{merchant, "accept"}, {merchant, "reject"}, {user, "cancel"}, {merchant, "accept"}, {user, "cancel"}, {merchant, "reject"}}
		codes := make([]int, len(racers))
		var wg sync.WaitGroup
		for i, r := range racers {
			wg.Go(func() { codes[i] = f.act(t, r.by, id, r.action, "").StatusCode })
		}
		wg.Wait()
		won := 0
		for i, code := range codes {
			switch code {
			case http.StatusOK:
				won++
			case http.StatusConflict:
			default:
				t.Errorf("%s answered %d", racers[i].action, code)
			}
		}
		if _, v := f.version(t, id); won != 1 || v != rec.Version+1 {
			t.Errorf("%d winners, order at v%d (was v%d): %v", won, v, rec.Version, codes)
		}
	})
}
