package function

import (
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Who may refund what and when, through the HTTP API.
func TestWhoMayRefundWhatAndWhen(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), nil)
	user, stranger := token(t, auth.RoleUser, "u-1", ""), token(t, auth.RoleUser, "u-2", "")
	merchant, otherMerchant := token(t, auth.RoleMerchant, "m-1", "s-1"), token(t, auth.RoleMerchant, "m-2", "s-2")
	rider, service := token(t, auth.RoleRider, "r-1", ""), token(t, auth.RoleService, "cs-1", "")
	week := order.DefaultAfterSalesWindow
	tests := []struct {
		name   string
		status order.Status
		token  string
		later  time.Duration // the clock moves on after the order is made
		want   int
		code   string
	}{
		{"no token", order.StatusPaid, "", 0, 401, "unauthorized"},
		{"user, unpaid", order.StatusPendingPayment, user, 0, 409, "invalid_transition"},
		{"service, unpaid", order.StatusPendingPayment, service, 0, 409, "invalid_transition"},
		{"user, paid", order.StatusPaid, user, 0, 409, "invalid_transition"},
		{"user, delivering", order.StatusDelivering, user, 0, 409, "invalid_transition"},
		{"user, delivered", order.StatusDelivered, user, 0, 202, ""},
		{"user, completed in window", order.StatusCompleted, user, week - time.Hour, 202, ""},
		{"user, completed beyond window", order.StatusCompleted, user, week + time.Hour, 403, "forbidden"},
		{"another user", order.StatusDelivered, stranger, 0, 404, "not_found"},
		{"merchant, paid", order.StatusPaid, merchant, 0, 202, ""},
		{"merchant, completed long ago", order.StatusCompleted, merchant, 4 * week, 202, ""},
		{"another store's merchant", order.StatusPaid, otherMerchant, 0, 404, "not_found"},
		{"rider of the order", order.StatusDelivering, rider, 0, 403, "forbidden"},
		{"rider, not theirs", order.StatusPaid, rider, 0, 404, "not_found"},
		{"service, completed long ago", order.StatusCompleted, service, 4 * week, 202, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orderID := f.orderIn(t, tt.status)
			f.advance(tt.later)
			defer f.advance(-tt.later)
			body := fmt.Sprintf(`{"order_id":%q,"refund_id":"rf-%s","amount":100,"reason":"cold"}`, orderID, randomHex(4))
			status, got, _ := f.call(t, "POST", "/", tt.token, body)
			if status != tt.want || errorCode(got) != tt.code {
				t.Fatalf("POST = %d %v; want %d %s", status, got, tt.want, tt.code)
			}
		})
	}
}

func TestCreateAndReadAnswers(t *testing.T) {
	f := newFixture(t, backends.Bolt(t), nil)
	service, user := token(t, auth.RoleService, "cs-1", ""), token(t, auth.RoleUser, "u-1", "")
	a, b := f.orderIn(t, order.StatusPaid), f.orderIn(t, order.StatusPaid)
	id := "rf-" + randomHex(4)
	post := func(body string) (int, map[string]any) {
		status, m, _ := f.call(t, "POST", "/", service, body)
		return status, m
	}
	status, first := post(fmt.Sprintf(`{"order_id":%q,"refund_id":%q,"amount":1000}`, a, id))
	if status != 202 || first["status"] != "SUCCEEDED" || first["order_id"] != a || first["created_at"] == nil ||
		first["updated_at"] == nil || first["attempts"] != 1.0 || first["refund_id"] != id {
		t.Fatalf("create: %d %v", status, first)
	}
	_, _, h := f.call(t, "POST", "/", service, fmt.Sprintf(`{"order_id":%q,"refund_id":%q}`, a, id))
	if h.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the same refund_id again was not a replay")
	}
	for _, tt := range []struct {
		body string
		want int
		code string
	}{
		{fmt.Sprintf(`{"order_id":%q,"refund_id":%q,"amount":999}`, a, id), 422, "idempotency_key_reused"},
		{fmt.Sprintf(`{"order_id":%q,"refund_id":%q,"amount":10}`, b, id), 409, "conflict"},
		{fmt.Sprintf(`{"order_id":%q,"refund_id":"rf-big","amount":4801}`, a), 422, "refund_exceeds_paid"},
		{fmt.Sprintf(`{"order_id":%q,"refund_id":"rf-0","amount":0}`, a), 400, "invalid_request"},
		{fmt.Sprintf(`{"order_id":%q,"refund_id":"cancel-x"}`, a), 400, "invalid_request"},
		{fmt.Sprintf(`{"order_id":%q,"refund_id":"rf-x","price":1}`, a), 400, "invalid_request"},
		{`{"order_id":"nope","refund_id":"rf-x"}`, 404, "not_found"},
	} {
		status, got := post(tt.body)
		if status != tt.want || errorCode(got) != tt.code {
			t.Errorf("%s: %d %v; want %d %s", tt.body, status, got, tt.want, tt.code)
		}
	}
	if status, got, _ := f.call(t, "GET", "/"+id, user, ""); status != 200 || got["amount"] != 1000.0 {
		t.Fatalf("GET by the user: %d %v", status, got)
	}
	for _, tok := range []string{token(t, auth.RoleUser, "u-2", ""), token(t, auth.RoleRider, "r-1", "")} {
		if status, _, _ := f.call(t, "GET", "/"+id, tok, ""); status != 404 {
			t.Errorf("GET by another: %d", status)
		}
	}
	if status, _, _ := f.call(t, "GET", "/rf-none", service, ""); status != 404 {
		t.Errorf("GET unknown: %d", status)
	}
	if status, _, _ := f.call(t, "DELETE", "/", service, ""); status != 405 {
		t.Errorf("DELETE: %d", status)
	}
}

// errorCode reads the error code of an answer, "" for none.
func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}
