package refund

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Input is a refund asked for (contract section 8).
type Input struct {
	OrderID  string
	RefundID string
	// Amount in minor units; 0 asks for all that is still refundable.
	Amount int64
	Reason string
}

// View is a refund as the API shows it; Tip is the part of Amount that
// gives back the order's tip (the last refund's, see
// order.Order.RequestRefund).
type View struct {
	RefundID  string    `json:"refund_id"`
	OrderID   string    `json:"order_id"`
	Kind      string    `json:"kind"`
	Amount    int64     `json:"amount"`
	Tip       int64     `json:"tip,omitempty"`
	Currency  string    `json:"currency"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	Reason    string    `json:"reason,omitempty"`
	Failure   string    `json:"failure,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Request records the refund in asks for, by the actor, and returns it
// with created true; the same refund id again returns the refund recorded
// before (created false). It does not carry it out: see Execute. Errors:
// ErrOrderNotFound, ErrRefundIDTaken, ErrBusy, and those of
// order.RequestRefund (for a client, a reserved id such as "cancel-..." is
// order.ErrInvalidOrder). Nothing is written when the domain refuses.
func (s *Service) Request(ctx context.Context, in Input, by order.Actor) (View, bool, error) {
	if by.Role != order.RoleSystem && order.ReservedRefundID(in.RefundID) {
		return View{}, false, fmt.Errorf("refund %s: %w: refund_id prefix reserved", in.RefundID, order.ErrInvalidOrder)
	}
	o, err := s.get(ctx, in.OrderID)
	if err != nil {
		return View{}, false, err
	}
	if by.ID == "" || !o.VisibleTo(by) {
		return View{}, false, fmt.Errorf("order %s: %w", in.OrderID, ErrOrderNotFound)
	}
	req := order.RefundRequest{RefundID: in.RefundID, Amount: in.Amount, Reason: in.Reason,
		AfterSalesWindow: s.cfg.AfterSalesWindow}
	rf, created, err := o.RequestRefund(req, by, s.cfg.Now()) // on a copy: nothing is written
	if err != nil {
		return View{}, false, err
	}
	if !created {
		return s.view(ctx, in.OrderID, rf), false, nil
	}
	if err := s.Prepare(ctx, in.OrderID, in.RefundID); err != nil {
		return View{}, false, err
	}
	_, err = s.update(ctx, in.OrderID, func(o *order.Order) error {
		rf, created, err = o.RequestRefund(req, by, s.cfg.Now())
		return err
	})
	if err != nil {
		return View{}, false, err
	}
	return s.view(ctx, in.OrderID, rf), created, nil
}

// Prepare claims the refund id for the order and writes its pending item,
// due at once: what must exist before a refund is recorded on an order, so
// that it is always found again. Request calls it; so must any caller
// that records a refund itself (pay-callback's payment returns) before
// its update. Doing it twice is harmless; a refund never recorded leaves
// a pending item that the sweeper drops after Config.OrphanAge.
func (s *Service) Prepare(ctx context.Context, orderID, refundID string) error {
	if err := s.index.claim(ctx, refundID, orderID); err != nil {
		return err
	}
	now := s.cfg.Now().UTC()
	_, err := s.index.putPending(ctx, pending{OrderID: orderID, RefundID: refundID, NextAt: now, CreatedAt: now})
	if errors.Is(err, orderstore.ErrPendingChanged) {
		return nil // prepared before
	}
	return err
}

// Lookup returns the refund with the id as the actor may see it: the
// order's user, its store's merchant, customer service and the system.
// Anything else, and an unknown id, is ErrNotFound.
func (s *Service) Lookup(ctx context.Context, refundID string, by order.Actor) (View, error) {
	if !order.ValidRefundID(refundID) {
		return View{}, fmt.Errorf("refund %q: %w", refundID, ErrNotFound)
	}
	orderID, err := s.index.orderOf(ctx, refundID)
	if err != nil {
		return View{}, err
	}
	o, err := s.get(ctx, orderID)
	if errors.Is(err, ErrOrderNotFound) {
		return View{}, fmt.Errorf("refund %s: %w", refundID, ErrNotFound)
	}
	if err != nil {
		return View{}, err
	}
	rf, ok := o.Refund(refundID)
	if !ok || !MayRead(o, by) {
		return View{}, fmt.Errorf("refund %s: %w", refundID, ErrNotFound)
	}
	return s.view(ctx, orderID, rf), nil
}

// MayRead reports whether the actor may read the refunds of the order:
// whoever may see it, riders excepted.
func MayRead(o *order.Order, by order.Actor) bool {
	return by.Role != order.RoleRider && by.ID != "" && o.VisibleTo(by)
}

// view shows a refund; a pending one with the live attempt count.
func (s *Service) view(ctx context.Context, orderID string, rf order.Refund) View {
	v := View{RefundID: rf.RefundID, OrderID: orderID, Kind: rf.Kind.String(), Amount: rf.Amount, Tip: rf.Tip,
		Currency: rf.Currency, Status: rf.Status.String(), Attempts: rf.Attempts, Reason: rf.Reason,
		Failure: rf.Failure, CreatedAt: rf.CreatedAt, UpdatedAt: rf.UpdatedAt}
	if rf.Status == order.RefundPending {
		if p, found, err := s.index.getPending(ctx, rf.RefundID); err == nil && found {
			v.Attempts = max(v.Attempts, p.Attempts)
		}
	}
	return v
}
