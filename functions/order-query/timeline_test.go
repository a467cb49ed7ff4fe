package function

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

func TestTimelineTellsEveryChangeOldestFirst(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), time.Time{})
	id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
	orderstoretest.Drive(t, f.repo, id, order.StatusDelivering, "r-1", time.Now())
	resp := f.get(t, order.Actor{Role: order.RoleUser, ID: "u-1"}, "/orders/"+id+"/timeline")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
	}
	entries := decode[[]Entry](t, resp)
	want := []struct{ typ, from, to, role, action string }{
		{"order.created", "", "PENDING_PAYMENT", "user", ""},
		{"order.paid", "PENDING_PAYMENT", "PAID", "system", ""},
		{"order.accepted", "PAID", "ACCEPTED", "merchant", "accept"},
		{"order.ready", "ACCEPTED", "READY", "merchant", "ready"},
		{"order.delivering", "READY", "DELIVERING", "rider", "pickup"},
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries: %s", len(entries), resp.Body)
	}
	for i, w := range want {
		e := entries[i]
		got := struct{ typ, from, to, role, action string }{e.Type, e.From, e.To, e.Actor.Role.String(), e.Action}
		if got != w || e.EventID != fmt.Sprintf("%s-%d-1", id, i+1) || e.Version != int64(i+1) || e.At.IsZero() {
			t.Errorf("entry %d: %+v (event %s, v%d), want %+v", i, got, e.EventID, e.Version, w)
		}
	}
	if string(entries[4].Data) != `{"rider_id":"r-1"}` || entries[3].Data != nil {
		t.Errorf("pickup data %v", entries[4].Data)
	}
}
