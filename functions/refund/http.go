package function

import (
	"context"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/refund"
)

// createBody is the body of POST /function/refund.
type createBody struct {
	OrderID  string `json:"order_id"`
	RefundID string `json:"refund_id"`
	Amount   *int64 `json:"amount"`
	Reason   string `json:"reason"`
}

// validate lists every problem of the body.
func (b createBody) validate() httpapi.Details {
	var ps httpapi.Details
	if httpapi.CheckID("order_id", b.OrderID) != nil {
		ps.Add("order_id", "required, at most 64 bytes of UTF-8")
	}
	switch {
	case !order.ValidRefundID(b.RefundID):
		ps.Add("refund_id", "required: 1 to 64 of A-Z a-z 0-9 _ -")
	case order.ReservedRefundID(b.RefundID):
		ps.Add("refund_id", `must not start with "cancel-" or "ret-": kept for the order center's own refunds`)
	}
	if b.Amount != nil && *b.Amount <= 0 {
		ps.Add("amount", "must be a positive amount in minor units; leave it out to refund all that is left")
	}
	if len([]rune(b.Reason)) > order.MaxTextLen {
		ps.Add("reason", "at most 200 characters")
	}
	return ps
}

// create serves POST /: the refund, 202, after a first attempt.
func (f *Function) create(c httpapi.Call) handler.Response {
	ctx, by := c.Ctx, c.By
	var body createBody
	if err := httpapi.DecodeJSON(c.Req, &body); err != nil {
		return httpapi.Error(ctx, err)
	}
	if ps := body.validate(); len(ps) > 0 {
		return httpapi.Error(ctx, ps.Invalid())
	}
	in := refund.Input{OrderID: body.OrderID, RefundID: body.RefundID, Reason: body.Reason}
	if body.Amount != nil {
		in.Amount = *body.Amount
	}
	view, created, err := f.refunds.Request(ctx, in, by)
	if err != nil {
		return f.problem(ctx, err)
	}
	if created {
		view = f.firstAttempt(ctx, view, by)
	}
	resp := httpapi.JSON(http.StatusAccepted, view)
	if !created {
		resp.Header.Set("Idempotent-Replayed", "true")
	}
	return resp
}

// firstAttempt carries the new refund out at once when the provider
// answers in time; whatever it leaves, the queue path and the sweeper
// finish.
func (f *Function) firstAttempt(ctx context.Context, view refund.View, by order.Actor) refund.View {
	actx, cancel := context.WithTimeout(ctx, FirstAttemptTimeout)
	defer cancel()
	if _, err := f.refunds.Execute(actx, view.OrderID, view.RefundID); err != nil {
		f.log.WarnContext(ctx, "first refund attempt failed; it will be retried",
			"refund_id", view.RefundID, "order_id", view.OrderID, "err", err)
	}
	if now, err := f.refunds.Lookup(ctx, view.RefundID, by); err == nil {
		return now
	}
	return view
}

// read serves GET /<refund_id>.
func (f *Function) read(c httpapi.Call, refundID string) handler.Response {
	ctx := c.Ctx
	view, err := f.refunds.Lookup(ctx, refundID, c.By)
	if err != nil {
		return f.problem(ctx, err)
	}
	return httpapi.JSON(http.StatusOK, view)
}
