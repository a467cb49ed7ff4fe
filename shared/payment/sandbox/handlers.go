package sandbox

import (
	"errors"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// completeRequest is the body of POST /refunds/<refund_id>/complete.
type completeRequest struct {
	Outcome string `json:"outcome"`
}

// handlePay serves POST /pay: it sends a payment webhook.
func (p *Provider) handlePay(w http.ResponseWriter, r *http.Request) {
	var req PayRequest
	if err := httpapi.ReadJSON(r.Body, &req); err != nil {
		httpapi.WriteError(w, httpapi.Details{{Field: "body", Problem: err.Error()}}.Invalid())
		return
	}
	if ps := req.withDefaults(p.cfg.Now()).paymentProblems(); len(ps) > 0 {
		httpapi.WriteError(w, ps.Invalid())
		return
	}
	d, err := p.Pay(r.Context(), req)
	writeDelivery(w, d, err)
}

// handleRedeliver serves POST /redeliver/<event_id>.
func (p *Provider) handleRedeliver(w http.ResponseWriter, r *http.Request) {
	d, err := p.Redeliver(r.Context(), r.PathValue("event_id"))
	writeDelivery(w, d, err)
}

// handleComplete serves POST /refunds/<refund_id>/complete.
func (p *Provider) handleComplete(w http.ResponseWriter, r *http.Request) {
	var req completeRequest
	if err := httpapi.ReadJSON(r.Body, &req); err != nil {
		httpapi.WriteError(w, httpapi.Details{{Field: "body", Problem: err.Error()}}.Invalid())
		return
	}
	if req.Outcome != StatusSucceeded && req.Outcome != StatusFailed {
		httpapi.WriteError(w, httpapi.Details{{Field: "outcome", Problem: "must be succeeded or failed"}}.Invalid())
		return
	}
	d, err := p.CompleteRefund(r.Context(), r.PathValue("refund_id"), req.Outcome)
	writeDelivery(w, d, err)
}

// codeNotDelivered is the error code of a webhook that got no answer.
const codeNotDelivered httpapi.Code = "webhook_not_delivered"

// notDelivered is the answer when the webhook got no answer.
type notDelivered struct {
	Error *httpapi.Problem `json:"error"`
	Event Event            `json:"event"`
}

// writeDelivery answers the webhook's own status with the delivery, or the
// status err stands for.
func writeDelivery(w http.ResponseWriter, d Delivery, err error) {
	problem := func(code httpapi.Code, message string) {
		httpapi.WriteError(w, &httpapi.Problem{Code: code, Message: message})
	}
	switch {
	case err == nil:
		status := d.Webhook.Status
		if status < 200 || status == http.StatusNoContent || status == http.StatusNotModified {
			status = http.StatusOK // a status that cannot carry the delivery
		}
		httpapi.WriteJSON(w, status, d)
	case errors.Is(err, ErrNotDelivered):
		httpapi.WriteJSON(w, http.StatusBadGateway, notDelivered{Event: d.Event, Error: &httpapi.Problem{Code: codeNotDelivered,
			Message: "the webhook got no answer; POST redeliver/" + d.Event.EventID + " to send it again"}})
	case errors.Is(err, ErrInvalidRequest):
		problem(httpapi.CodeInvalidRequest, "the request is invalid")
	case errors.Is(err, ErrUnknownEvent), errors.Is(err, ErrUnknownRefund):
		problem(httpapi.CodeNotFound, "no such event or refund")
	case errors.Is(err, ErrNotPending):
		problem(httpapi.CodeConflict, "the refund is not pending")
	default:
		problem(httpapi.CodeInternal, "the sandbox could not send the webhook")
	}
}
