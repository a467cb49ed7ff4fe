package function

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
)

// Limits of a list page (contract section 9).
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// List is one page of a list, newest first; NextCursor is "" on the last.
// Each order is the JSON of its order.Record as the caller may see it
// (phone masked for merchants and riders): lists serve the stored copies
// without decoding them when they can (see maskedJSON).
type List struct {
	Orders     []json.RawMessage `json:"orders"`
	NextCursor string            `json:"next_cursor"`
}

// appendJSON appends the list's JSON to b, the orders as they are: they
// are the store's own encoding of records, so encoding/json need not scan
// them again.
func (l List) appendJSON(b []byte) []byte {
	b = slices.Grow(b, 32+len(l.NextCursor)+len(l.Orders)+jsonSize(l.Orders))
	b = append(b, `{"orders":[`...)
	for i, o := range l.Orders {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, o...)
	}
	cursor, _ := json.Marshal(l.NextCursor)
	b = append(b, `],"next_cursor":`...)
	b = append(b, cursor...)
	return append(b, '}')
}

// Page selects a page: Limit orders (1 to MaxLimit) after Cursor (a
// sealed cursor from the previous page of the same list, "" for the
// first).
type Page struct {
	Limit  int
	Cursor string
}

// check refuses a limit out of range (the HTTP adapter checks it first).
func (p Page) check() error {
	if p.Limit < 1 || p.Limit > MaxLimit {
		return httpapi.Invalid("limit", "must be an integer from 1 to 100")
	}
	return nil
}

// StoreList names a store's list: its orders of one local day
// (YYYY-MM-DD, "" for today in the configured timezone), in one status
// when Status is not the zero Status.
type StoreList struct {
	StoreID string
	Day     string
	Status  order.Status
	Page
}

// UserOrders returns a page of the calling user's orders. Only users have
// orders of their own: any other role is errForbidden.
func (q *OrderQuery) UserOrders(ctx context.Context, actor order.Actor, p Page) (List, error) {
	if actor.Role != order.RoleUser || actor.ID == "" {
		return List{}, fmt.Errorf("%s lists own orders: %w", actor, errForbidden)
	}
	if err := p.check(); err != nil {
		return List{}, err
	}
	scope := pagecursor.Scope{"user", actor.ID}
	inner, err := q.cursors.Open(scope, p.Cursor)
	if err != nil {
		return List{}, err
	}
	page, err := q.orders.ListByUserJSON(ctx, actor.ID, p.Limit, inner)
	if err != nil {
		return List{}, err
	}
	return List{Orders: page.Orders, NextCursor: q.cursors.Seal(scope, page.Cursor)}, nil
}

// StoreOrders returns a page of a store's orders of a day, phones masked
// for merchants and riders. See mayListStore for who may.
func (q *OrderQuery) StoreOrders(ctx context.Context, actor order.Actor, l StoreList) (List, error) {
	if !mayListStore(actor, l.StoreID, l.Status) {
		return List{}, fmt.Errorf("%s lists store %s: %w", actor, l.StoreID, errForbidden)
	}
	if err := l.check(); err != nil {
		return List{}, err
	}
	if l.Day == "" {
		l.Day = q.now().In(q.location).Format(dayLayout)
	}
	scope := pagecursor.Scope{"store", l.StoreID, l.Day, l.Status.String()}
	inner, err := q.cursors.Open(scope, l.Cursor)
	if err != nil {
		return List{}, err
	}
	page, err := q.orders.ListByStoreJSON(ctx, l.StoreID, l.Day, l.Status, l.Limit, inner)
	if err != nil {
		return List{}, err
	}
	out := List{Orders: make([]json.RawMessage, 0, len(page.Orders)), NextCursor: q.cursors.Seal(scope, page.Cursor)}
	buf := make([]byte, 0, jsonSize(page.Orders))
	for _, raw := range page.Orders {
		served, ok, err := servedInStoreList(&buf, raw, actor)
		if err != nil {
			return List{}, fmt.Errorf("store %s list: %w", l.StoreID, err)
		}
		if ok {
			out.Orders = append(out.Orders, served)
		}
	}
	return out, nil
}

// servedInStoreList is a stored record as the actor sees it in a store's
// list, and whether they see it there at all (riders: only orders awaiting
// pickup; the copy may lag its master by a moment, so this is checked
// again on the record).
func servedInStoreList(buf *[]byte, raw json.RawMessage, actor order.Actor) (json.RawMessage, bool, error) {
	if actor.Role != order.RoleRider {
		served, err := maskedJSON(buf, raw, actor)
		return served, true, err
	}
	var rec order.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, false, fmt.Errorf("decode stored order: %w", err)
	}
	if !awaitsPickup(rec) {
		return nil, false, nil
	}
	served, err := json.Marshal(rec.MaskedFor(actor))
	return served, true, err
}

// jsonSize is the length of the records together.
func jsonSize(records []json.RawMessage) int {
	n := 0
	for _, r := range records {
		n += len(r)
	}
	return n
}

// mayListStore: the store's merchant and customer service may list any of
// its orders; a rider only those awaiting pickup, by status.
func mayListStore(actor order.Actor, storeID string, status order.Status) bool {
	switch actor.Role {
	case order.RoleMerchant:
		return actor.StoreID != "" && actor.StoreID == storeID
	case order.RoleService:
		return true
	case order.RoleRider:
		return actor.ID != "" && (status == order.StatusAccepted || status == order.StatusReady)
	}
	return false
}

// awaitsPickup: a copy a rider may see in a list (the copy may lag the
// master by a moment, so its status is checked again).
func awaitsPickup(rec order.Record) bool {
	return rec.RiderID == "" && (rec.Status == order.StatusAccepted || rec.Status == order.StatusReady)
}
