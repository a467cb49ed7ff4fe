package reserve

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// UserOrders lists a user's orders, newest first: the order repository.
type UserOrders interface {
	ListByUser(ctx context.Context, userID string, limit int, cursor string) (orderstore.Page, error)
}

// maxCountPages bounds the one-off count of a user's orders (100 each).
const maxCountPages = 100

// FirstOrder tells whether the user has no order that is not cancelled:
// from the count kept in Redis, or, when it is missing, from the user's
// orders in the store, counted once and kept. When every order the count
// stands for may be an unpaid one past its pay deadline, those are
// looked at first (see suspects.go).
func (r *Reserver) FirstOrder(ctx context.Context, userID string, orders UserOrders) (bool, error) {
	key := r.k.live(userID)
	n, known, err := r.standing(ctx, userID)
	if err != nil {
		return false, fmt.Errorf("first-order standing of %s: %w", userID, err)
	}
	if known {
		return n == 0, nil
	}
	counted, err := countLive(ctx, orders, userID)
	if err != nil {
		return false, fmt.Errorf("first-order standing of %s: %w", userID, err)
	}
	set, err := r.rdb.SetNX(ctx, key, counted, r.cfg.StandingKeep).Result()
	if err != nil {
		return false, fmt.Errorf("first-order standing of %s: %w", userID, err)
	}
	if set {
		if counted > 0 { // Redis had lost (or let expire) a count the store has
			r.rebuilt(ctx, RebuiltStanding)
		}
		return counted == 0, nil
	}
	n, err = r.rdb.Get(ctx, key).Int64() // another caller set it first
	switch {
	case errors.Is(err, redis.Nil): // and Redis lost it again since: the store's count stands
		return counted == 0, nil
	case err != nil:
		return false, fmt.Errorf("first-order standing of %s: %w", userID, err)
	}
	return n == 0, nil
}

// countLive counts the user's orders that are not cancelled.
func countLive(ctx context.Context, orders UserOrders, userID string) (int64, error) {
	var n int64
	cursor := ""
	for range maxCountPages {
		page, err := orders.ListByUser(ctx, userID, 100, cursor)
		if err != nil {
			return 0, err
		}
		for _, o := range page.Orders {
			if o.Status != order.StatusCancelled {
				n++
			}
		}
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	return n, nil
}
