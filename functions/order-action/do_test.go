package function

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// The typed use case refuses a reason the domain refuses, as a client
// error, and changes nothing.
func TestDoRefusesAnOverlongReason(t *testing.T) {
	f := newFixture(t, backends.Bolt(t))
	rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{})
	_, err := f.fn.Do(context.Background(), user, Command{OrderID: rec.OrderID,
		Action: mustAction(t, "cancel"), Reason: strings.Repeat("x", 201)})
	if !errors.Is(err, errBadReason) || problemOf(context.Background(), mustAction(t, "cancel"), err).Error() != "invalid_request: reason: at most 200 characters of valid UTF-8" {
		t.Errorf("error %v", err)
	}
	if _, v := f.version(t, rec.OrderID); v != 1 {
		t.Errorf("order at v%d", v)
	}
}
