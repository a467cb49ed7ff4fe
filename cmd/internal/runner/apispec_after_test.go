package runner

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ordercenter/ordercenter/api/apicheck"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/sandbox"
)

// The scenarios of the API check after payment: refunds, actions, reads,
// and the entries only the order center calls.

const refundPath = "/function/refund"

func refundBody(orderID, refundID string, amount int64) string {
	return fmt.Sprintf(`{"order_id":%q,"refund_id":%q,"amount":%d,"reason":"cold soup"}`, orderID, refundID, amount)
}

// refundFaults runs first, while no other refund is under way, since the
// faults it arms apply to any refund call: a refund the provider refuses
// for good (refund.failed), and one it cannot take now, whose
// refund.requested the event entry answers 503 with Retry-After.
func (s *session) refundFaults() {
	p := s.place(s.user("u-faults"))
	s.pay(p, p.Amounts.Total)
	merchant := s.merchant("s-lanzhou")
	s.arm(sandbox.PaymentsPrefix, `{"fail_next":1,"status":400}`)
	s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: refundBody(p.OrderID, "rf-refused", 500), want: 202})
	// the attempt may be the connector's, after the answer: wait for it
	s.waitFor("the refused refund to fail", func() bool { return s.refundStatus("rf-refused") == "FAILED" })
	s.arm(sandbox.PaymentsPrefix, `{"fail_next":1000,"status":503}`)
	s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: refundBody(p.OrderID, "rf-later", 500), want: 202})
	a := s.deliver("refund", s.event(p.OrderID, order.EventRefundRequested), order.EventRefundRequested, 503)
	s.arm(sandbox.PaymentsPrefix, "")
	if a.header.Get("Retry-After") == "" {
		s.t.Error("the event entry's 503 has no Retry-After")
	}
}

// tipRefunds: the README order's tip stays through a partial refund and
// goes back with the refund of all the rest.
func (s *session) tipRefunds() {
	merchant := s.merchant("s-noodle-bar")
	s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: refundBody(s.menu.OrderID, "rf-menu-1", 1000), want: 202})
	// 6600 - 1000 = 5600 left, 300 of it the tip: 5400 reaches into the tip without the rest
	s.wantCode(apiCall{method: "POST", path: refundPath, token: merchant, body: refundBody(s.menu.OrderID, "rf-menu-2", 5400),
		want: 422}, "refund_exceeds_paid")
	var rest struct {
		Amount, Tip int64
	}
	s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: refundBody(s.menu.OrderID, "rf-menu-3", 5300),
		want: 202}).decode(s.t, &rest)
	if rest.Amount != 5600 || rest.Tip != 300 {
		s.t.Errorf("the refund of all but the tip: %+v, want 5600 with the tip of 300", rest)
	}
	s.send(apiCall{method: "GET", path: refundPath + "/rf-menu-3", token: merchant, want: 200})
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + s.menu.OrderID, token: merchant, want: 200})
}

// refunds: POST and GET of the refund function, with every refusal.
func (s *session) refunds() {
	p := s.place(s.user("u-refund"))
	s.pay(p, p.Amounts.Total)
	merchant, service := s.merchant("s-lanzhou"), s.service()
	body := refundBody(p.OrderID, "rf-1", 1000)
	s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: body, want: 202})
	if a := s.send(apiCall{method: "POST", path: refundPath, token: merchant, body: body, want: 202}); a.header.Get("Idempotent-Replayed") != "true" {
		s.t.Error("the same refund_id again without Idempotent-Replayed")
	}
	for _, c := range []struct {
		token, body string
		status      int
		code        string
	}{
		{merchant, refundBody(p.OrderID, "rf-1", 2000), 422, "idempotency_key_reused"},
		{merchant, refundBody(p.OrderID, "rf-2", 999999), 422, "refund_exceeds_paid"},
		{merchant, refundBody(p.OrderID, "cancel-mine", 100), 400, "invalid_request"},
		{service, refundBody("o-no-such-order", "rf-3", 100), 404, "not_found"},
		{s.user("u-walk"), refundBody(p.OrderID, "rf-4", 100), 404, "not_found"},
		{service, refundBody(s.unpaid.OrderID, "rf-5", 100), 409, "invalid_transition"},
		{service, refundBody(s.walk.OrderID, "rf-1", 100), 409, "conflict"},
		{s.rider("r-1"), refundBody(s.walk.OrderID, "rf-6", 100), 403, "forbidden"},
	} {
		s.wantCode(apiCall{method: "POST", path: refundPath, token: c.token, body: c.body, want: c.status}, c.code)
	}
	s.wantCode(apiCall{method: "POST", path: refundPath, token: merchant, body: `{"order_id":"o-1","refund_id":"rf-7","extra":1}`,
		want: 400, request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "POST", path: refundPath, body: body, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
	s.send(apiCall{method: "GET", path: refundPath + "/rf-1", token: merchant, want: 200})
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + p.OrderID, token: merchant, want: 200})
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + p.OrderID + "/timeline", token: service, want: 200})
	s.wantCode(apiCall{method: "GET", path: refundPath + "/rf-none", token: merchant, want: 404}, "not_found")
	s.wantCode(apiCall{method: "GET", path: refundPath + "/" + strings.Repeat("r", 65), token: merchant, want: 400,
		request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "GET", path: refundPath + "/rf-1", want: 401, request: apicheck.RequestInvalid}, "unauthorized")
}

// lifecycle moves an order through every status, with the refusals of
// order-action on the way.
func (s *session) lifecycle() {
	user, merchant, rider := s.user("u-life"), s.merchant("s-lanzhou"), s.rider("r-2")
	p := s.place(user)
	failed, _ := json.Marshal(map[string]any{"order_id": p.OrderID, "amount": p.Amounts.Total, "type": "payment.failed"})
	s.send(apiCall{method: "POST", path: "/sandbox/payments/pay", body: string(failed), want: 200}) // on the timeline, no event
	s.pay(p, p.Amounts.Total)
	s.act(s.merchant("s-dimsum"), p.OrderID, "accept", 404)
	s.act(user, p.OrderID, "ready", 403)
	var accepted placed
	s.act(merchant, p.OrderID, "accept", 200).decode(s.t, &accepted)
	s.wantCode(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/accept", token: merchant, want: 409}, "invalid_transition")
	s.wantCode(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/ready", token: merchant, want: 409,
		body: `{"expected_version":1}`}, "conflict")
	s.wantCode(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/ready", token: merchant, want: 400,
		body: `{"why":"late"}`, request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/fly", token: merchant, want: 404,
		request: apicheck.RequestInvalid}, "not_found")
	s.wantCode(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/ready", want: 401,
		request: apicheck.RequestInvalid}, "unauthorized")
	s.send(apiCall{method: "POST", path: "/function/order-action/orders/" + p.OrderID + "/ready", token: merchant, want: 200,
		body: fmt.Sprintf(`{"reason":"packed","expected_version":%d}`, accepted.Version)})
	s.act(rider, p.OrderID, "pickup", 200)
	s.act(rider, p.OrderID, "deliver", 200)
	s.act(user, p.OrderID, "confirm", 200)
	s.act(s.user("u-r3"), s.unpaid.OrderID, "cancel", 200)
	s.life = p
}

// queries reads orders, timelines and lists, with their refusals.
func (s *session) queries() {
	user, other, merchant := s.user("u-life"), s.user("u-walk"), s.merchant("s-lanzhou")
	order, timeline := "/function/order-query/orders/"+s.life.OrderID, "/function/order-query/orders/"+s.life.OrderID+"/timeline"
	for _, path := range []string{order, timeline} {
		s.send(apiCall{method: "GET", path: path, token: user, want: 200})
		s.wantCode(apiCall{method: "GET", path: path, token: other, want: 404}, "not_found")
		s.wantCode(apiCall{method: "GET", path: path + "?fields=all", token: user, want: 400, request: apicheck.RequestInvalid}, "invalid_request")
		s.wantCode(apiCall{method: "GET", path: path, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
	}
	s.wantCode(apiCall{method: "GET", path: "/function/order-query/orders/" + strings.Repeat("o", 65), token: user, want: 400,
		request: apicheck.RequestInvalid}, "invalid_request")
	s.payments(user, other, merchant)
	mine := "/function/order-query/users/me/orders"
	s.place(s.user("u-walk")) // a second order: two pages of one
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	s.send(apiCall{method: "GET", path: mine + "?limit=1", token: s.user("u-walk"), want: 200}).decode(s.t, &page)
	s.send(apiCall{method: "GET", path: mine + "?limit=1&cursor=" + page.NextCursor, token: s.user("u-walk"), want: 200})
	s.wantCode(apiCall{method: "GET", path: mine + "?cursor=" + page.NextCursor, token: user, want: 400}, "invalid_request")
	s.wantCode(apiCall{method: "GET", path: mine + "?limit=0", token: user, want: 400, request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "GET", path: mine, token: merchant, want: 403}, "forbidden")
	s.wantCode(apiCall{method: "GET", path: mine, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
	store := "/function/order-query/stores/s-lanzhou/orders"
	s.send(apiCall{method: "GET", path: store, token: merchant, want: 200})
	s.send(apiCall{method: "GET", path: store + "?status=ACCEPTED&limit=5", token: s.rider("r-3"), want: 200})
	s.wantCode(apiCall{method: "GET", path: store + "?date=yesterday", token: merchant, want: 400, request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "GET", path: store, token: user, want: 403}, "forbidden")
	s.wantCode(apiCall{method: "GET", path: store, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
}

// payments reads the paid order's payment ledger: its user and customer
// service, page by page; another user and the store's merchant get 404.
func (s *session) payments(user, other, merchant string) {
	path := "/function/order-query/orders/" + s.life.OrderID + "/payments"
	var page struct {
		Entries    []json.RawMessage `json:"entries"`
		NextCursor string            `json:"next_cursor"`
	}
	s.send(apiCall{method: "GET", path: path + "?limit=1", token: user, want: 200}).decode(s.t, &page)
	if len(page.Entries) != 1 || page.NextCursor == "" {
		s.t.Errorf("payments of a paid order: %+v", page)
	}
	s.send(apiCall{method: "GET", path: path + "?cursor=" + page.NextCursor, token: s.service(), want: 200})
	s.wantCode(apiCall{method: "GET", path: path, token: other, want: 404}, "not_found")
	s.wantCode(apiCall{method: "GET", path: path, token: merchant, want: 404}, "not_found")
	s.wantCode(apiCall{method: "GET", path: path + "?limit=0", token: user, want: 400, request: apicheck.RequestInvalid}, "invalid_request")
	s.wantCode(apiCall{method: "GET", path: path, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
}

// eventEntries calls the functions only the order center calls, as its
// connector and schedule do, and as nobody else may.
func (s *session) eventEntries() {
	paid := s.event(s.walk.OrderID, order.EventPaid)
	forged := strings.Replace(paid, `"user_id":"u-walk"`, `"user_id":"u-stranger"`, 1)
	for _, fn := range []string{"push-notify", "holds"} {
		s.deliver(fn, paid, order.EventPaid, 200)
		s.wantCode(s.deliverCall(fn, forged, order.EventPaid, 400), "invalid_request")
		s.wantCode(apiCall{method: "POST", path: "/function/" + fn, body: paid, want: 401, request: apicheck.RequestInvalid,
			header: map[string]string{"X-Topic": order.EventPaid.Subject()}}, "unauthorized")
	}
	cancelled := s.event(s.unpaid.OrderID, order.EventCancelled)
	s.deliver("refund", cancelled, order.EventCancelled, 200)
	s.wantCode(s.deliverCall("refund", cancelled, order.EventPaid, 400), "invalid_request")
	s.wantCode(apiCall{method: "POST", path: refundPath, body: cancelled, want: 401, request: apicheck.RequestInvalid,
		header: map[string]string{"X-Topic": order.EventCancelled.Subject()}}, "unauthorized")
	s.send(apiCall{method: "POST", path: "/function/sweeper", header: map[string]string{"Oc-Origin": s.signed("")}, want: 200})
	s.wantCode(apiCall{method: "POST", path: "/function/sweeper", want: 400, body: "sweep",
		header: map[string]string{"Content-Type": "text/plain", "Oc-Origin": s.signed("sweep")}}, "invalid_request")
	s.wantCode(apiCall{method: "POST", path: "/function/sweeper", want: 401, request: apicheck.RequestInvalid}, "unauthorized")
	// the walkthrough's user had both pushes of the hour: the third is 429
	s.act(s.rider("r-1"), s.walk.OrderID, "pickup", 200)
	delivering := s.deliverCall("push-notify", s.event(s.walk.OrderID, order.EventDelivering), order.EventDelivering, 0)
	var a answer
	s.waitFor("push-notify to answer 429", func() bool { // 503 while the connector's own delivery holds the push
		a = s.send(delivering)
		return a.status == 429
	})
	if a.header.Get("Retry-After") == "" {
		s.t.Error("push-notify's 429 has no Retry-After")
	}
}

// pushFaults: a push gateway that cannot take pushes makes push-notify
// answer 503 with Retry-After.
func (s *session) pushFaults() {
	p := s.place(s.user("u-push"))
	s.arm(sandbox.PushPrefix, `{"fail_next":1000,"status":503}`)
	s.pay(p, p.Amounts.Total)
	a := s.deliver("push-notify", s.event(p.OrderID, order.EventPaid), order.EventPaid, 503)
	s.arm(sandbox.PushPrefix, "")
	if a.header.Get("Retry-After") == "" {
		s.t.Error("push-notify's 503 has no Retry-After")
	}
}
