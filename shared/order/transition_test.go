package order_test

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// spec is contract section 5, written out independently of the package's
// table: "FROM action role" -> TO.
var spec = map[string]string{
	"PENDING_PAYMENT cancel user":        "CANCELLED",
	"PENDING_PAYMENT cancel service":     "CANCELLED",
	"PENDING_PAYMENT pay_timeout system": "CANCELLED",
	"PAID accept merchant":               "ACCEPTED",
	"PAID reject merchant":               "CANCELLED",
	"PAID cancel user":                   "CANCELLED",
	"PAID cancel service":                "CANCELLED",
	"PAID accept_timeout system":         "CANCELLED",
	"ACCEPTED ready merchant":            "READY",
	"ACCEPTED pickup rider":              "DELIVERING",
	"READY pickup rider":                 "DELIVERING",
	"ACCEPTED cancel merchant":           "CANCELLED",
	"READY cancel merchant":              "CANCELLED",
	"ACCEPTED cancel service":            "CANCELLED",
	"READY cancel service":               "CANCELLED",
	"DELIVERING deliver rider":           "DELIVERED",
	"DELIVERED confirm user":             "COMPLETED",
	"DELIVERED auto_complete system":     "COMPLETED",
}

// mayEver reports whether some row of spec lets the role do the action.
func mayEver(a order.Action, r order.Role) bool {
	for k := range spec {
		if strings.HasSuffix(k, " "+a.String()+" "+r.String()) {
			return true
		}
	}
	return false
}

func TestApplyEveryTriple(t *testing.T) {
	allowed := 0
	for _, from := range order.Statuses() {
		for _, a := range order.Actions() {
			for _, r := range order.Roles() {
				name := from.String() + " " + a.String() + " " + r.String()
				want, ok := spec[name]
				if ok {
					allowed++
				}
				t.Run(name, func(t *testing.T) {
					if got, gotOK := order.Next(from, a, r); gotOK != ok || got.String() != want {
						t.Fatalf("Next = %v, %v; want %q, %v", got, gotOK, want, ok)
					}
					o := orderIn(t, from)
					if ok {
						checkApplied(t, o, a, actorFor(r), want)
					} else {
						checkRefused(t, o, a, actorFor(r))
					}
				})
			}
		}
	}
	if allowed != len(spec) || len(order.Roles()) != 5 || len(order.Actions()) != 10 {
		t.Fatalf("covered %d allowed moves of %d", allowed, len(spec))
	}
}

func checkApplied(t *testing.T, o *order.Order, a order.Action, by order.Actor, want string) {
	t.Helper()
	from, v := o.Status(), o.Version()
	if err := o.Apply(a, by, "", t0.Add(time.Hour)); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if o.Status().String() != want || o.Version() != v+1 || !o.UpdatedAt().Equal(t0.Add(time.Hour)) {
		t.Fatalf("after Apply: %s v%d at %v", o.Status(), o.Version(), o.UpdatedAt())
	}
	cs := o.Changes()
	if len(cs) != 1 {
		t.Fatalf("Changes() = %d changes, want 1", len(cs))
	}
	c := cs[0]
	wantType := "order." + strings.ToLower(want)
	wantEventID := o.ID() + "-" + strconv.FormatInt(v+1, 10) + "-1"
	if c.Version != v+1 || c.Type != wantType || c.Action != a.String() ||
		c.From != from.String() || c.To != want || c.Actor != by ||
		c.EventID() != wantEventID || len(c.Events) != 1 {
		t.Fatalf("change = %+v", c)
	}
	e := c.Events[0]
	if e.Type.String() != wantType || e.Data.EventType() != e.Type || e.OrderID != o.ID() || e.UserID != "u-1" || e.StoreID != "s-1" ||
		e.OrderVersion != v+1 || !e.OccurredAt.Equal(c.At) || e.Data == nil {
		t.Fatalf("event = %+v", e)
	}
	checkMoveEffects(t, o, a, by, from, e.Data)
}

func checkMoveEffects(t *testing.T, o *order.Order, a order.Action, by order.Actor, from order.Status, data order.EventData) {
	t.Helper()
	switch o.Status() {
	case order.StatusDelivering:
		if o.RiderID() != by.ID || data != (order.DeliveringData{RiderID: by.ID}) {
			t.Fatalf("pickup: rider %q, data %v", o.RiderID(), data)
		}
	case order.StatusCancelled:
		want := order.CancelledData{Reason: a.String(), Action: a, From: from,
			RefundDue: from != order.StatusPendingPayment}
		if o.CancelReason() != a.String() || data != want {
			t.Fatalf("cancel: reason %q, data %v", o.CancelReason(), data)
		}
	}
}

func checkRefused(t *testing.T, o *order.Order, a order.Action, by order.Actor) {
	t.Helper()
	before := o.Record()
	err := o.Apply(a, by, "", t0.Add(time.Hour))
	want := order.ErrInvalidTransition
	if !mayEver(a, by.Role) {
		want = order.ErrNotAllowed
	}
	if !errors.Is(err, want) {
		t.Fatalf("Apply = %v, want %v", err, want)
	}
	if !strings.Contains(err.Error(), a.String()) || !strings.Contains(err.Error(), before.Status.String()) {
		t.Errorf("error %q does not name the action and status", err)
	}
	if after := o.Record(); !reflect.DeepEqual(after, before) || len(o.Changes()) != 0 {
		t.Fatalf("refused Apply changed the order: %+v", after)
	}
}
