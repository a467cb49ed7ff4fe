package function

import (
	"context"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// Ledger reads orders' payment ledgers; *orderstore.PaymentLedger
// implements it.
type Ledger interface {
	Entries(ctx context.Context, orderID string, limit int, cursor string) (orderstore.LedgerPage, error)
}

// Payments is one page of an order's payment ledger, oldest first;
// NextCursor is "" on the last.
type Payments struct {
	OrderID    string         `json:"order_id"`
	Entries    []ledger.Entry `json:"entries"`
	NextCursor string         `json:"next_cursor"`
}

// Payments returns a page of the order's payment ledger: for the order's
// user and customer service only. Anyone else, the order's merchant and
// rider included, is told errHidden (404), as for an order that does not
// exist: the ledger is not theirs, and a 404 tells nothing of the order.
func (q *OrderQuery) Payments(ctx context.Context, actor order.Actor, id string, p Page) (Payments, error) {
	if err := p.check(); err != nil {
		return Payments{}, err
	}
	o, err := q.orders.Get(ctx, id)
	if err != nil {
		return Payments{}, err
	}
	if !mayReadPayments(o, actor) {
		return Payments{}, fmt.Errorf("payments of %s for %s: %w", id, actor, errHidden)
	}
	scope := pagecursor.Scope{"payments", id}
	inner, err := q.cursors.Open(scope, p.Cursor)
	if err != nil {
		return Payments{}, err
	}
	page, err := q.ledger.Entries(ctx, id, p.Limit, inner)
	if err != nil {
		return Payments{}, err
	}
	return Payments{OrderID: id, Entries: page.Entries, NextCursor: q.cursors.Seal(scope, page.Cursor)}, nil
}

// mayReadPayments: the order's own user, and customer service.
func mayReadPayments(o *order.Order, actor order.Actor) bool {
	return (actor.Role == order.RoleUser || actor.Role == order.RoleService) && o.VisibleTo(actor)
}
