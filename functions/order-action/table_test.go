package function

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// allowed is the table of contract section 5 as the project reads it
// (customer service may also cancel unpaid and paid orders), written out
// here by hand rather than taken from the domain: status -> action -> roles.
var allowed = map[order.Status]map[string][]order.Role{
	order.StatusPendingPayment: {"cancel": {order.RoleUser, order.RoleService}},
	order.StatusPaid: {"accept": {order.RoleMerchant}, "reject": {order.RoleMerchant},
		"cancel": {order.RoleUser, order.RoleService}},
	order.StatusAccepted: {"ready": {order.RoleMerchant}, "pickup": {order.RoleRider},
		"cancel": {order.RoleMerchant, order.RoleService}},
	order.StatusReady:      {"pickup": {order.RoleRider}, "cancel": {order.RoleMerchant, order.RoleService}},
	order.StatusDelivering: {"deliver": {order.RoleRider}},
	order.StatusDelivered:  {"confirm": {order.RoleUser}},
}

func wantStatus(c orderstoretest.Caller, s order.Status, action string) int {
	switch {
	case !orderstoretest.Visible(c, s):
		return http.StatusNotFound
	case slices.Contains(allowed[s][action], c.Actor.Role):
		return http.StatusOK
	}
	for _, byAction := range allowed {
		if slices.Contains(byAction[action], c.Actor.Role) {
			return http.StatusConflict
		}
	}
	return http.StatusForbidden
}

func TestEveryActionByEveryCallerInEveryStatus(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store)
		for _, status := range order.Statuses() {
			for _, action := range []string{"accept", "reject", "ready", "pickup", "deliver", "confirm", "cancel"} {
				for _, c := range orderstoretest.Callers {
					name := fmt.Sprintf("%s/%s/%s", status, action, c.Name)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						f.checkCase(t, status, action, c)
					})
				}
			}
		}
	})
}

// checkCase acts on a fresh order in the status and checks the answer and
// the stored order.
func (f *fixture) checkCase(t *testing.T, status order.Status, action string, c orderstoretest.Caller) {
	rec := orderstoretest.Place(t, f.repo, orderstoretest.Spec{})
	if status != order.StatusPendingPayment {
		rec = orderstoretest.Drive(t, f.repo, rec.OrderID, status, "r-1", time.Now())
	}
	want := wantStatus(c, status, action)
	resp := f.act(t, c.Actor, rec.OrderID, action, `{"reason":"table"}`)
	if resp.StatusCode != want {
		t.Fatalf("answered %d %s, want %d", resp.StatusCode, resp.Body, want)
	}
	gotStatus, gotVersion := f.version(t, rec.OrderID)
	if want != http.StatusOK {
		wantCode := map[int]string{404: "not_found", 403: "forbidden", 409: "invalid_transition"}[want]
		if code := errorCode(resp); code != wantCode {
			t.Errorf("code %q, want %q", code, wantCode)
		}
		if gotStatus != status || gotVersion != rec.Version {
			t.Errorf("refused, yet the order is %s v%d", gotStatus, gotVersion)
		}
		return
	}
	served := decodeRecord(t, resp)
	to, _ := order.Next(status, mustAction(t, action), c.Actor.Role)
	if served.Status != to || gotStatus != to || served.Version != rec.Version+1 || gotVersion != served.Version {
		t.Errorf("served %s v%d, stored %s v%d, want %s v%d", served.Status, served.Version, gotStatus, gotVersion, to, rec.Version+1)
	}
	masked := c.Actor.Role == order.RoleMerchant || c.Actor.Role == order.RoleRider
	if wantPhone := map[bool]string{true: "138****1234", false: "13800001234"}[masked]; served.Delivery.Phone != wantPhone {
		t.Errorf("phone served as %q to %s", served.Delivery.Phone, c.Name)
	}
	if action == "pickup" && served.RiderID != c.Actor.ID {
		t.Errorf("picked up by %s, recorded rider %q", c.Actor.ID, served.RiderID)
	}
}

func mustAction(t *testing.T, name string) order.Action {
	a, err := order.ParseAction(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
