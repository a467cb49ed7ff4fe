package function

import (
	"context"
	"net/http"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Every id of a correctly signed webhook hostile (contract section 4):
// event_id, order_id and txn_id of a payment, refund_id of a refund
// notification, each on an unpaid order of its own. An id that is not
// UTF-8, too long, empty or not visible ASCII is 400 and the order is not
// paid, nor anything written to its ledger; a well-formed one is taken as the provider's
// (200, or 404 for an order or refund that is not ours); none is 5xx.
func TestHostileIDs(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		r := newRig(t, s, nil)
		positions := []struct {
			name string
			body func(orderID, id string) string
			max  int
			also []int
		}{
			{"event_id", func(orderID, id string) string {
				return payment(id, orderID, "txn-"+randomHex(4))
			}, maxIDLen, []int{200}},
			{"order_id", func(_, id string) string { return payment("evt-"+randomHex(4), id, "txn-"+randomHex(4)) },
				maxIDLen, []int{404}},
			{"txn_id", func(orderID, id string) string { return payment("evt-"+randomHex(4), orderID, id) },
				maxIDLen, []int{200}},
			{"refund_id", func(orderID, id string) string {
				return `{"event_id":"evt-` + randomHex(4) + `","type":"refund.succeeded","order_id":"` + orderID +
					`","txn_id":"txn-1","amount":100,"refund_id":` + httpapitest.JSONString(id) + `}`
			}, httpapi.MaxIDLen, []int{404}},
		}
		for _, p := range positions {
			for _, h := range httpapitest.HostileIDs() {
				t.Run(p.name+"/"+h.Name, func(t *testing.T) {
					orderID := r.newOrder(t)
					resp := r.signed(t, p.body(orderID, h.ID))
					httpapitest.CheckRefused(t, resp, h, p.max, p.also...)
					if resp.StatusCode != http.StatusBadRequest {
						return
					}
					o, err := r.repo.Get(context.Background(), orderID)
					if err != nil {
						t.Fatal(err)
					}
					if entries := r.entries(t, orderID); o.Status() != order.StatusPendingPayment || o.Version() != 1 || len(entries) != 0 {
						t.Errorf("refused, yet the order is %s v%d with ledger %v", o.Status(), o.Version(), outcomes(entries))
					}
				})
			}
		}
	})
}

// payment is a payment.succeeded of the rig's orders (5800 CNY) with the
// ids as a hostile provider writes them.
func payment(eventID, orderID, txnID string) string {
	return `{"event_id":` + httpapitest.JSONString(eventID) + `,"type":"payment.succeeded","order_id":` +
		httpapitest.JSONString(orderID) + `,"txn_id":` + httpapitest.JSONString(txnID) +
		`,"amount":5800,"currency":"CNY"}`
}

// signed delivers body to the function with a valid Pay-Signature over
// it, as the provider does.
func (r *rig) signed(t *testing.T, body string) handler.Response {
	t.Helper()
	req := handler.Request{Method: http.MethodPost, Body: []byte(body), Header: http.Header{
		"Content-Type":       {"application/json"},
		signature.HeaderName: {signature.Sign([]byte("whsec-current"), time.Now(), []byte(body))}}}
	req.WithContext(context.Background())
	resp, err := r.fn.Handle(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
