package reserve

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// StoreOrders lists a store's orders of one local day: the order
// repository.
type StoreOrders interface {
	ListByStore(ctx context.Context, storeID, day string, status order.Status, limit int, cursor string) (orderstore.Page, error)
}

// RebuildReport counts what a rebuild found.
type RebuildReport struct {
	// Orders: orders read from the store that hold stock (not cancelled).
	Orders int `json:"orders"`
	// Counters: stock counters set.
	Counters int `json:"counters"`
}

// RebuildStoreDay sets the store-day's stock counters again after Redis
// lost them: each counter becomes the units of its sku in the day's
// orders that are not cancelled, plus those held by orders not written
// yet (holds in Redis whose order the store does not have), and orders
// without a hold record get one again, so their payment or cancellation
// settles them. Every sku of those orders gets a counter (a counter of
// an unlimited sku is never read).
//
// It may run while orders are placed: an order written after the store
// was read is counted from its hold. An order cancelled while it runs may
// stay counted until the next rebuild: the error is on the side of
// selling less, never more.
func (r *Reserver) RebuildStoreDay(ctx context.Context, orders StoreOrders, storeID, day string) (RebuildReport, error) {
	live, err := liveOrders(ctx, orders, storeID, day)
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild %s %s: %w", storeID, day, err)
	}
	totals := map[string]int{}
	args := []any{r.k.stock(storeID, day, ""), r.k.hold(""), ms(r.cfg.Keep), 0}
	for _, o := range live {
		for _, l := range o.Items {
			totals[l.SKU] += l.Qty
		}
	}
	for sku, n := range totals {
		args = append(args, sku, n)
	}
	args[3] = len(totals)
	for _, o := range live {
		args = append(args, o.OrderID)
	}
	n, err := rebuildScript.Run(ctx, r.rdb, []string{r.k.dayHolds(storeID, day)}, args...).Int()
	if err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild %s %s: %w", storeID, day, err)
	}
	if err := r.restoreHolds(ctx, live); err != nil {
		return RebuildReport{}, fmt.Errorf("rebuild %s %s: %w", storeID, day, err)
	}
	return RebuildReport{Orders: len(live), Counters: n}, nil
}

func liveOrders(ctx context.Context, orders StoreOrders, storeID, day string) ([]order.Record, error) {
	var live []order.Record
	cursor := ""
	for {
		page, err := orders.ListByStore(ctx, storeID, day, order.Status{}, 100, cursor)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Orders {
			if o.Status != order.StatusCancelled {
				live = append(live, o)
			}
		}
		if cursor = page.Cursor; cursor == "" {
			return live, nil
		}
	}
}

// restoreHolds writes the hold record of each order that has none.
func (r *Reserver) restoreHolds(ctx context.Context, live []order.Record) error {
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, o := range live {
			st := "confirmed"
			if o.Status == order.StatusPendingPayment {
				st = "held"
			}
			args := []any{st, o.UserID, o.StoreID, o.StoreDay, r.k.unpaid(o.UserID), r.k.live(o.UserID), ms(r.cfg.Keep)}
			for _, l := range o.Items {
				args = append(args, "s:"+r.k.stock(o.StoreID, o.StoreDay, l.SKU), l.Qty)
			}
			restoreScript.Eval(ctx, p, []string{r.k.hold(o.OrderID)}, args...)
		}
		return nil
	})
	return err
}
