package orderview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Inspector reads what the store keeps of an order (*orderstore.Repository).
type Inspector interface {
	Inspect(ctx context.Context, id string) (orderstore.Inspection, error)
}

// Ledger reads the payment ledger of an order (*orderstore.PaymentLedger).
type Ledger interface {
	Entries(ctx context.Context, orderID string, limit int, cursor string) (orderstore.LedgerPage, error)
}

// PendingRefunds reads a refund's retry state (*orderstore.RefundIndex).
type PendingRefunds interface {
	GetPending(ctx context.Context, refundID string) (orderstore.PendingRefund, bool, error)
}

// Holds reads what an order holds (*reserve.Reserver).
type Holds interface {
	Holding(ctx context.Context, rec order.Record) (reserve.Holding, error)
}

// Timeouts are the business timers' timeouts (app.Config.Timers), to tell
// when a timer is due; zero ones leave Timer.Due zero.
type Timeouts struct {
	Accept, Complete time.Duration
}

// Sources are what a view is built from. Orders is required; the others
// may be nil, leaving their part of the view empty.
type Sources struct {
	Orders   Inspector
	Ledger   Ledger
	Refunds  PendingRefunds
	Holds    Holds
	Timeouts Timeouts
}

// Build reads the order's full view. An unknown order is
// orderstore.ErrNotFound.
func Build(ctx context.Context, src Sources, id string) (View, error) {
	in, err := src.Orders.Inspect(ctx, id)
	if err != nil {
		return View{}, err
	}
	rec := in.Master
	v := View{Order: rec, Timeline: in.Timeline, Pending: in.Pending, Timer: timerOf(in, src.Timeouts),
		Copies: []Copy{
			compare("user "+rec.UserID, rec, in.UserCopy),
			compare("store "+rec.StoreID+" day "+rec.StoreDay, rec, in.StoreDayCopy),
		}}
	if v.Refunds, err = refundsOf(ctx, src.Refunds, rec); err != nil {
		return v, err
	}
	if v.Payments, err = paymentsOf(ctx, src.Ledger, id); err != nil {
		return v, err
	}
	if src.Holds != nil {
		h, err := src.Holds.Holding(ctx, rec)
		if err != nil {
			return v, fmt.Errorf("order view %s: %w", id, err)
		}
		v.Holds = &h
	}
	return v, nil
}

// compare tells how a copy stands against the master.
func compare(name string, master order.Record, copy *order.Record) Copy {
	if copy == nil {
		return Copy{Name: name}
	}
	a, _ := json.Marshal(master)
	b, _ := json.Marshal(*copy)
	return Copy{Name: name, Found: true, Version: copy.Version, Status: copy.Status,
		Agrees: bytes.Equal(a, b), Record: *copy}
}

func timerOf(in orderstore.Inspection, t Timeouts) *Timer {
	if in.Timer == nil {
		return nil
	}
	out := &Timer{Kind: in.Timer.Kind, Since: in.Timer.At, Stored: in.TimerStored}
	switch in.Timer.Kind {
	case orderstore.TimerPayment:
		out.Due = in.Timer.At
	case orderstore.TimerAccept:
		out.Due = after(in.Timer.At, t.Accept)
	case orderstore.TimerComplete:
		out.Due = after(in.Timer.At, t.Complete)
	}
	return out
}

func after(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return t.Add(d)
}

// refundsOf lists the refunds, each unsettled one with its next attempt.
func refundsOf(ctx context.Context, idx PendingRefunds, rec order.Record) ([]Refund, error) {
	out := make([]Refund, 0, len(rec.Refunds))
	for _, rf := range rec.Refunds {
		r := Refund{Refund: rf}
		if idx != nil && rf.Status == order.RefundPending {
			p, found, err := idx.GetPending(ctx, rf.RefundID)
			if err != nil {
				return out, fmt.Errorf("order view %s: refund %s: %w", rec.OrderID, rf.RefundID, err)
			}
			if found {
				r.NextAttempt = p.DueAt
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// paymentsOf reads the whole payment ledger, oldest first.
func paymentsOf(ctx context.Context, l Ledger, id string) ([]ledger.Entry, error) {
	if l == nil {
		return nil, nil
	}
	var out []ledger.Entry
	cursor := ""
	for {
		page, err := l.Entries(ctx, id, orderstore.MaxLedgerPage, cursor)
		if err != nil {
			return out, fmt.Errorf("order view %s: %w", id, err)
		}
		out = append(out, page.Entries...)
		if cursor = page.Cursor; cursor == "" {
			return out, nil
		}
	}
}
