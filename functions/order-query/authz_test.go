package function

import (
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

func TestReadingAnOrderAndItsTimeline(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		for _, status := range order.Statuses() {
			id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
			if status != order.StatusPendingPayment {
				orderstoretest.Drive(t, f.repo, id, status, "r-1", time.Now())
			}
			for _, c := range orderstoretest.Callers {
				t.Run(status.String()+"/"+c.Name, func(t *testing.T) {
					f.checkRead(t, c, id, status)
				})
			}
		}
		t.Run("missing", func(t *testing.T) {
			for _, target := range []string{"/orders/01kz0000000000000000000000", "/orders/01kz0000000000000000000000/timeline", "/orders/a%23b"} {
				if resp := f.get(t, orderstoretest.Callers[6].Actor, target); resp.StatusCode != http.StatusNotFound || errorCode(resp) != "not_found" {
					t.Errorf("%s: %d %s", target, resp.StatusCode, resp.Body)
				}
			}
		})
	})
}

func (f *fixture) checkRead(t *testing.T, c orderstoretest.Caller, id string, status order.Status) {
	want := http.StatusNotFound
	if orderstoretest.Visible(c, status) {
		want = http.StatusOK
	}
	resp := f.get(t, c.Actor, "/orders/"+id)
	timeline := f.get(t, c.Actor, "/orders/"+id+"/timeline")
	if resp.StatusCode != want || timeline.StatusCode != want {
		t.Fatalf("order %d %s, timeline %d, want %d", resp.StatusCode, resp.Body, timeline.StatusCode, want)
	}
	if want == http.StatusNotFound {
		if errorCode(resp) != "not_found" || errorCode(timeline) != "not_found" {
			t.Errorf("404 bodies %s, %s", resp.Body, timeline.Body)
		}
		return
	}
	rec := decode[order.Record](t, resp)
	masked := c.Actor.Role == order.RoleMerchant || c.Actor.Role == order.RoleRider
	if wantPhone := map[bool]string{true: "138****1234", false: "13800001234"}[masked]; rec.Delivery.Phone != wantPhone {
		t.Errorf("phone %q shown to %s", rec.Delivery.Phone, c.Name)
	}
	entries := decode[[]Entry](t, timeline)
	if rec.Status != status || int64(len(entries)) != rec.Version || entries[len(entries)-1].To != status.String() {
		t.Errorf("order %s v%d with %d timeline entries", rec.Status, rec.Version, len(entries))
	}
}
