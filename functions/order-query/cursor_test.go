package function

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

func TestCursorsAreBoundToTheirList(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		storeA, storeB, userA := uniq(t, "sa"), uniq(t, "sb"), uniq(t, "ua")
		for range 3 {
			orderstoretest.Place(t, f.repo, orderstoretest.Spec{UserID: userA, StoreID: storeA})
			orderstoretest.Place(t, f.repo, orderstoretest.Spec{StoreID: storeB})
		}
		service := order.Actor{Role: order.RoleService, ID: "cs"}
		listA := "/stores/" + storeA + "/orders?date=2026-11-21&limit=1"
		cursor := decode[listBody](t, f.get(t, service, listA)).NextCursor
		if cursor == "" {
			t.Fatal("no cursor after the first of three orders")
		}
		userCursor := decode[listBody](t, f.get(t, order.Actor{Role: order.RoleUser, ID: userA}, "/users/me/orders?limit=1")).NextCursor
		raw, _ := base64.RawURLEncoding.DecodeString(cursor)
		raw[len(raw)/2] ^= 1
		tampered := base64.RawURLEncoding.EncodeToString(raw)
		forged := kv.EncodeCursor(kv.Item{PK: "store#" + storeB + "#day#2026-11-21", SK: "zzzz"}, false)
		refused := []struct {
			name   string
			actor  order.Actor
			target string
		}{
			{"tampered", service, listA + "&cursor=" + tampered},
			{"another store's", service, "/stores/" + storeB + "/orders?date=2026-11-21&cursor=" + cursor},
			{"another store's, by its merchant", orderstoretest.Merchant(storeB), "/stores/" + storeB + "/orders?date=2026-11-21&cursor=" + cursor},
			{"another day's", service, "/stores/" + storeA + "/orders?date=2026-11-22&cursor=" + cursor},
			{"another status'", service, listA + "&status=PENDING_PAYMENT&cursor=" + cursor},
			{"a user's, on a store list", service, listA + "&cursor=" + userCursor},
			{"another user's", order.Actor{Role: order.RoleUser, ID: "u-other"}, "/users/me/orders?cursor=" + userCursor},
			{"a store's raw cursor", orderstoretest.Merchant(storeB), "/stores/" + storeB + "/orders?date=2026-11-21&cursor=" + forged},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				resp := f.get(t, c.actor, c.target)
				if resp.StatusCode != http.StatusBadRequest || errorCode(resp) != "invalid_request" {
					t.Errorf("answered %d %s", resp.StatusCode, resp.Body)
				}
			})
		}
		next := decode[listBody](t, f.get(t, service, listA+"&cursor="+url.QueryEscape(cursor)))
		if len(next.Orders) != 1 || next.NextCursor == "" {
			t.Errorf("the cursor on its own list: %+v", next)
		}
	})
}
