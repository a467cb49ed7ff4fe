package order_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

// TestRecordPhoneReveal: only customer service may; a reveal is a change
// without an event that moves nothing.
func TestRecordPhoneReveal(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		by     order.Actor
		reason string
		want   error
	}{
		{order.Actor{Role: order.RoleService, ID: "cs-1"}, "caller asked", nil},
		{order.Actor{Role: order.RoleService}, "", order.ErrNotAllowed},
		{order.Actor{Role: order.RoleUser, ID: "u-1"}, "", order.ErrNotAllowed},
		{order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}, "", order.ErrNotAllowed},
		{order.Actor{Role: order.RoleRider, ID: "r-1"}, "", order.ErrNotAllowed},
		{order.System("sweeper"), "", order.ErrNotAllowed},
		{order.Actor{Role: order.RoleService, ID: "cs-1"}, strings.Repeat("x", 201), order.ErrInvalidOrder},
	} {
		o := newOrder(t)
		before, had := o.Record(), len(o.Changes())
		err := o.RecordPhoneReveal(c.by, c.reason, now)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.by, err, c.want)
			continue
		}
		ch := o.Changes()[had:]
		if c.want != nil {
			if len(ch) != 0 || o.Version() != before.Version {
				t.Errorf("%s: refused reveal changed the order", c.by)
			}
			continue
		}
		if len(ch) != 1 || ch[0].Type != order.ChangePhoneRevealed || len(ch[0].Events) != 0 || ch[0].Actor != c.by ||
			ch[0].Reason != c.reason || ch[0].Version != before.Version+1 || o.Status() != before.Status {
			t.Errorf("reveal change %+v, status %s", ch, o.Status())
		}
	}
}
