package function

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// uniq makes ids unique to one run of a test: the DynamoDB table is shared
// by every test of the process.
// uniq is an id of the test's own, at most httpapi.MaxIDLen long as ids are.
func uniq(t testing.TB, prefix string) string {
	sum := sha256.Sum256([]byte(t.Name()))
	return fmt.Sprintf("%s-%x-%d", prefix, sum[:6], time.Now().UnixNano())
}

func TestListsAreAuthorised(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		storeID, userID := uniq(t, "s"), uniq(t, "u")
		spec := orderstoretest.Spec{UserID: userID, StoreID: storeID, Day: "2026-11-21"}
		paid := orderstoretest.Drive(t, f.repo, orderstoretest.Place(t, f.repo, spec).OrderID, order.StatusPaid, "", time.Now())
		ready := orderstoretest.Drive(t, f.repo, orderstoretest.Place(t, f.repo, spec).OrderID, order.StatusReady, "", time.Now())
		storeList := "/stores/" + storeID + "/orders?date=2026-11-21"
		user := order.Actor{Role: order.RoleUser, ID: userID}
		rider := order.Actor{Role: order.RoleRider, ID: "r-9"}
		cases := []struct {
			name   string
			actor  order.Actor
			target string
			status int
			ids    []string
		}{
			{"user lists own", user, "/users/me/orders", 200, []string{ready.OrderID, paid.OrderID}},
			{"other user lists own", order.Actor{Role: order.RoleUser, ID: uniq(t, "u")}, "/users/me/orders", 200, nil},
			{"merchant has no own orders", orderstoretest.Merchant(storeID), "/users/me/orders", 403, nil},
			{"service has no own orders", order.Actor{Role: order.RoleService, ID: "cs"}, "/users/me/orders", 403, nil},
			{"merchant lists own store", orderstoretest.Merchant(storeID), storeList, 200, []string{ready.OrderID, paid.OrderID}},
			{"merchant lists by status", orderstoretest.Merchant(storeID), storeList + "&status=PAID", 200, []string{paid.OrderID}},
			{"merchant lists another store", orderstoretest.Merchant("s-other"), storeList, 403, nil},
			{"service lists a store", order.Actor{Role: order.RoleService, ID: "cs"}, storeList, 200, []string{ready.OrderID, paid.OrderID}},
			{"user lists a store", user, storeList, 403, nil},
			{"rider lists a store", rider, storeList, 403, nil},
			{"rider lists paid orders", rider, storeList + "&status=PAID", 403, nil},
			{"rider lists orders ready", rider, storeList + "&status=READY", 200, []string{ready.OrderID}},
			{"another day", orderstoretest.Merchant(storeID), "/stores/" + storeID + "/orders?date=2026-11-22", 200, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp := f.get(t, c.actor, c.target)
				if resp.StatusCode != c.status {
					t.Fatalf("answered %d %s, want %d", resp.StatusCode, resp.Body, c.status)
				}
				if c.status != 200 {
					if errorCode(resp) != "forbidden" {
						t.Errorf("body %s", resp.Body)
					}
					return
				}
				list := decode[listBody](t, resp)
				if got := idsOf(list); fmt.Sprint(got) != fmt.Sprint(c.ids) || list.NextCursor != "" || list.Orders == nil {
					t.Errorf("listed %v (cursor %q), want %v", got, list.NextCursor, c.ids)
				}
				masked := c.actor.Role == order.RoleMerchant || c.actor.Role == order.RoleRider
				for _, rec := range list.Orders {
					if (rec.Delivery.Phone == "138****1234") != masked {
						t.Errorf("phone %q listed to %s", rec.Delivery.Phone, c.actor)
					}
				}
			})
		}
	})
}

// listBody is a list as a client reads it.
type listBody struct {
	Orders     []order.Record `json:"orders"`
	NextCursor string         `json:"next_cursor"`
}

func idsOf(l listBody) []string {
	ids := make([]string, len(l.Orders))
	for i, rec := range l.Orders {
		ids[i] = rec.OrderID
	}
	return ids
}

func TestStoreListDefaultsToTodayInTheStoreTimezone(t *testing.T) {
	// 17:30 UTC is already the next day in Shanghai (UTC+8).
	now := time.Date(2026, 11, 21, 17, 30, 0, 0, time.UTC)
	f := newFixture(t, backends.Bolt(t), now)
	today := orderstoretest.Place(t, f.repo, orderstoretest.Spec{Day: "2026-11-22"})
	orderstoretest.Place(t, f.repo, orderstoretest.Spec{Day: "2026-11-21"})
	list := decode[listBody](t, f.get(t, orderstoretest.Merchant("s-1"), "/stores/s-1/orders"))
	if ids := idsOf(list); len(ids) != 1 || ids[0] != today.OrderID {
		t.Errorf("listed %v, want only %s", ids, today.OrderID)
	}
}

func TestMalformedRequests(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), time.Time{})
	m := orderstoretest.Merchant("s-1")
	for _, target := range []string{
		"/stores/s-1/orders?limit=0", "/stores/s-1/orders?limit=101", "/stores/s-1/orders?limit=ten",
		"/stores/s-1/orders?date=2026-11-31", "/stores/s-1/orders?date=21-11-2026",
		"/stores/s-1/orders?status=paid", "/stores/s-1/orders?status=LOST",
		"/stores/s-1/orders?limit=1&limit=2", "/stores/s-1/orders?page=2",
		"/stores/s-1/orders?cursor=nonsense", "/stores/s-1/orders?%zz",
		"/orders/01kz0000000000000000000000?expand=items",
	} {
		if resp := f.get(t, m, target); resp.StatusCode != http.StatusBadRequest || errorCode(resp) != "invalid_request" {
			t.Errorf("%s: %d %s", target, resp.StatusCode, resp.Body)
		}
	}
	for _, target := range []string{"/", "/orders", "/stores/s-1", "/stores//orders", "/users/u-1/orders", "/orders/x/timeline/y"} {
		if resp := f.get(t, m, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %s", target, resp.StatusCode, resp.Body)
		}
	}
	req := request(t, m, "/stores/s-1/orders")
	req.Method = http.MethodPost
	if resp, _ := f.fn.Handle(req); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
		t.Errorf("POST: %d %v", resp.StatusCode, resp.Header)
	}
	req = request(t, m, "/stores/s-1/orders")
	req.Header.Set("Authorization", "Bearer nonsense")
	if resp, _ := f.fn.Handle(req); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad token: %d", resp.StatusCode)
	}
}
