package function

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// An order's payment ledger is its user's and customer service's, oldest
// first and page by page; to another user, the order's merchant and
// rider, and anyone else, it answers 404 as an order that does not exist.
func TestPaymentLedgerOfAnOrder(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		id := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
		orderstoretest.Drive(t, f.repo, id, order.StatusDelivering, "r-1", time.Now())
		f.recordEntries(t, id, 25)
		for _, c := range orderstoretest.Callers {
			t.Run(c.Name, func(t *testing.T) {
				resp := f.get(t, c.Actor, "/orders/"+id+"/payments")
				mine := c.Owner && (c.Actor.Role == order.RoleUser || c.Actor.Role == order.RoleService)
				if !mine {
					if resp.StatusCode != http.StatusNotFound || errorCode(resp) != "not_found" {
						t.Fatalf("%s read the ledger: %d %s", c.Name, resp.StatusCode, resp.Body)
					}
					return
				}
				if got := f.readPayments(t, c.Actor, id, 10); len(got) != 25 {
					t.Fatalf("%d entries, want 25", len(got))
				}
			})
		}
		service := orderstoretest.Callers[6].Actor
		first := decode[Payments](t, f.get(t, service, "/orders/"+id+"/payments?limit=10"))
		other := orderstoretest.Place(t, f.repo, orderstoretest.Spec{}).OrderID
		for target, want := range map[string]int{
			"/orders/" + other + "/payments":                                             http.StatusOK,
			"/orders/" + other + "/payments?cursor=" + url.QueryEscape(first.NextCursor): http.StatusBadRequest,
			"/orders/" + id + "/payments?cursor=forged":                                  http.StatusBadRequest,
			"/orders/" + id + "/payments?limit=101":                                      http.StatusBadRequest,
			"/orders/" + id + "/payments?status=PAID":                                    http.StatusBadRequest,
			"/orders/01kz0000000000000000000000/payments":                                http.StatusNotFound,
		} {
			if resp := f.get(t, service, target); resp.StatusCode != want {
				t.Errorf("%s: %d %s, want %d", target, resp.StatusCode, resp.Body, want)
			}
		}
		if empty := f.get(t, service, "/orders/"+other+"/payments"); string(empty.Body) !=
			`{"order_id":"`+other+`","entries":[],"next_cursor":""}` {
			t.Errorf("an order with no payments: %s", empty.Body)
		}
	})
}

// recordEntries writes n entries to the order's ledger, a second apart.
func (f *fixture) recordEntries(t *testing.T, id string, n int) {
	t.Helper()
	at := time.Now().UTC().Truncate(time.Second)
	for i := range n {
		e := ledger.Entry{At: at.Add(time.Duration(i) * time.Second), Kind: ledger.KindRefundAttempt,
			Source: ledger.SourceRefunds, RefundID: "rf-1", Attempt: i + 1, Amount: 100, Currency: "CNY",
			Outcome: ledger.OutcomeFailed, Reason: "payment provider answered 503"}
		if err := f.repo.PaymentLedger().Record(context.Background(), id, e); err != nil {
			t.Fatal(err)
		}
	}
}

// readPayments reads the whole ledger, limit a page, and checks that it
// comes oldest first.
func (f *fixture) readPayments(t *testing.T, a order.Actor, id string, limit int) []ledger.Entry {
	t.Helper()
	var all []ledger.Entry
	cursor := ""
	for range 10 {
		resp := f.get(t, a, fmt.Sprintf("/orders/%s/payments?limit=%d&cursor=%s", id, limit, url.QueryEscape(cursor)))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("payments: %d %s", resp.StatusCode, resp.Body)
		}
		page := decode[Payments](t, resp)
		if page.OrderID != id || len(page.Entries) > limit {
			t.Fatalf("page %+v", page)
		}
		all = append(all, page.Entries...)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	for i, e := range all {
		if e.Attempt != i+1 {
			t.Fatalf("entry %d is attempt %d: not oldest first", i, e.Attempt)
		}
	}
	return all
}
