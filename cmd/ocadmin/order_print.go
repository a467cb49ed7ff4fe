package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderview"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// printView writes the order's view for people, one section after the
// other.
func printView(w io.Writer, v orderview.View) {
	now := time.Now()
	printMaster(w, v.Order, now)
	section(w, "copies", len(v.Copies), func(tw io.Writer) {
		for _, c := range v.Copies {
			switch {
			case !c.Found:
				fmt.Fprintf(tw, "  %s\tMISSING\n", c.Name)
			case c.Agrees:
				fmt.Fprintf(tw, "  %s\tversion %d\tagrees with the master\n", c.Name, c.Version)
			default:
				fmt.Fprintf(tw, "  %s\tversion %d\tDIFFERS from the master (status %s)\n", c.Name, c.Version, c.Status)
			}
		}
	})
	section(w, "timeline", len(v.Timeline), func(tw io.Writer) {
		for _, c := range v.Timeline {
			fmt.Fprintf(tw, "  v%d\t%s\t%s\t%s\t%s\t%s\n", c.Version, stamp(c.At), c.Type, c.Actor,
				move(c.From, c.To), c.Reason)
		}
	})
	section(w, "pending changes", len(v.Pending), func(tw io.Writer) {
		for _, p := range v.Pending {
			state := "not committed (dropped once 30 s old)"
			if p.Committed {
				state = "committed, not fully derived: 'ocadmin heal' finishes it"
			}
			fmt.Fprintf(tw, "  v%d\t%s\t%s\tsince %s\t%s\n", p.Version, p.Type, p.WriteID, when(p.At, now), state)
		}
	})
	printRefunds(w, v.Refunds, now)
	printPayments(w, v.Payments)
	printHolds(w, v)
	if t := v.Timer; t != nil {
		due := "unknown"
		if !t.Due.IsZero() {
			due = when(t.Due, now)
		}
		stored := "stored"
		if !t.Stored {
			stored = "NOT STORED: the sweeper will not find it"
		}
		fmt.Fprintf(w, "timer\n  %s: since %s, due %s, %s\n", t.Kind, stamp(t.Since), due, stored)
	} else {
		fmt.Fprintln(w, "timer\n  none in this status")
	}
}

func printMaster(w io.Writer, r order.Record, now time.Time) {
	fmt.Fprintf(w, "order %s  %s  version %d\n", r.OrderID, r.Status, r.Version)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  user\t%s\n  store\t%s, day %s\n  rider\t%s\n", r.UserID, r.StoreID, r.StoreDay, orDash(r.RiderID))
	for _, l := range r.Items {
		fmt.Fprintf(tw, "  item\t%d × %s %s%s at %s = %s\n", l.Qty, l.SKU, l.Name, optionNames(l.Options),
			money(l.UnitPrice, r.Currency), money(l.Subtotal, r.Currency))
	}
	a := r.Amounts
	fmt.Fprintf(tw, "  amounts\titems %s, packing %s, delivery %s, small order %s, tip %s, discount %s, total %s\n",
		money(a.Items, r.Currency), money(a.PackingFee, r.Currency), money(a.DeliveryFee, r.Currency),
		money(a.SmallOrderFee, r.Currency), money(a.Tip, r.Currency), money(a.Discount, r.Currency), money(a.Total, r.Currency))
	fmt.Fprintf(tw, "  delivery\t%s, %s, %s%s\n", r.Delivery.Name, r.Delivery.Phone, r.Delivery.Address, distance(r.Delivery))
	if r.Note != "" {
		fmt.Fprintf(tw, "  note\t%s\n", oneLine(r.Note, 200))
	}
	if r.CouponID != "" {
		fmt.Fprintf(tw, "  coupon\t%s\n", r.CouponID)
	}
	fmt.Fprintf(tw, "  created\t%s\n  updated\t%s\n", when(r.CreatedAt, now), when(r.UpdatedAt, now))
	if r.PaidAt.IsZero() {
		fmt.Fprintf(tw, "  pay by\t%s\n", when(r.PayDeadline, now))
	} else {
		fmt.Fprintf(tw, "  paid\t%s (txn %s)\n", when(r.PaidAt, now), r.TxnID)
	}
	if !r.DeliveredAt.IsZero() {
		fmt.Fprintf(tw, "  delivered\t%s\n", when(r.DeliveredAt, now))
	}
	if !r.CompletedAt.IsZero() {
		fmt.Fprintf(tw, "  completed\t%s\n", when(r.CompletedAt, now))
	}
	if r.CancelReason != "" {
		fmt.Fprintf(tw, "  cancelled\t%s\n", r.CancelReason)
	}
	for _, f := range r.FailedPayments {
		fmt.Fprintf(tw, "  failed payment\t%s %s at %s\n", f.TxnID, money(f.Amount, f.Currency), stamp(f.At))
	}
	_ = tw.Flush()
}

func printRefunds(w io.Writer, refunds []orderview.Refund, now time.Time) {
	section(w, "refunds", len(refunds), func(tw io.Writer) {
		for _, r := range refunds {
			next := ""
			if !r.NextAttempt.IsZero() {
				next = "next attempt " + when(r.NextAttempt, now)
			}
			if r.Failure != "" {
				next = strings.TrimSpace(next + " failure: " + oneLine(r.Failure, 80))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\tby %s\t%d attempts\t%s\t%s\n", r.RefundID, r.Kind, r.Status,
				money(r.Amount, r.Currency), r.By, r.Attempts, stamp(r.CreatedAt), next)
		}
	})
}

// printPayments writes the payment ledger, one entry a line: when, what,
// who learnt it, the provider's reference, the amount, what the provider
// said, what came of it and why.
func printPayments(w io.Writer, entries []ledger.Entry) {
	section(w, "payments", len(entries), func(tw io.Writer) {
		for _, e := range entries {
			ref := e.Reference()
			if e.Attempt > 0 {
				ref = fmt.Sprintf("%s attempt %d", ref, e.Attempt)
			}
			amount := "-"
			if e.Currency != "" {
				amount = money(e.Amount, e.Currency)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", stamp(e.At), e.Kind, e.Source, ref, amount,
				orDash(e.Status), e.Outcome, oneLine(e.Reason, 80))
		}
	})
}

func printHolds(w io.Writer, v orderview.View) {
	if v.Holds == nil {
		fmt.Fprintln(w, "holds\n  not read (no Redis configured)")
		return
	}
	state := v.Holds.State
	if state == "" {
		state = "no hold record (never held, expired, or forgotten by Redis)"
	}
	fmt.Fprintf(w, "holds\n  redis: %s\n", state)
	for _, s := range v.Holds.Slots {
		fmt.Fprintf(w, "  store: %s slots %v\n", s.Resource, s.Slots)
	}
	if len(v.Holds.Slots) == 0 {
		fmt.Fprintln(w, "  store: no slots held")
	}
}

// section writes a titled block, or the title and "none".
func section(w io.Writer, title string, n int, body func(io.Writer)) {
	fmt.Fprintln(w, title)
	if n == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	body(tw)
	_ = tw.Flush()
}

func move(from, to string) string {
	if from == "" && to == "" {
		return "-"
	}
	return from + " → " + to
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// money formats minor units: 5800 CNY is "58.00 CNY".
// optionNames lists a line's options, " (Large, Egg)", or "".
func optionNames(options []order.LineOption) string {
	if len(options) == 0 {
		return ""
	}
	names := make([]string, len(options))
	for i, o := range options {
		names[i] = o.Name
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// distance is ", 2771 m away" when the order knows it.
func distance(d order.Delivery) string {
	if d.DistanceM == nil {
		return ""
	}
	return fmt.Sprintf(", %d m away", *d.DistanceM)
}

func money(minor int64, currency string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, minor/100, minor%100, currency)
}
