package sandbox

import (
	"errors"
	"net/http"
)

// completeRequest is the body of POST /refunds/<refund_id>/complete.
type completeRequest struct {
	Outcome string `json:"outcome"`
}

// handlePay serves POST /pay: it sends a payment webhook.
func (p *Provider) handlePay(w http.ResponseWriter, r *http.Request) {
	var req PayRequest
	if err := decode(r, &req); err != nil {
		writeInvalid(w, problems{{Field: "body", Problem: err.Error()}})
		return
	}
	if ps := req.withDefaults(p.cfg.Now()).paymentProblems(); len(ps) > 0 {
		writeInvalid(w, ps)
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
	if err := decode(r, &req); err != nil {
		writeInvalid(w, problems{{Field: "body", Problem: err.Error()}})
		return
	}
	if req.Outcome != StatusSucceeded && req.Outcome != StatusFailed {
		writeInvalid(w, problems{{Field: "outcome", Problem: "must be succeeded or failed"}})
		return
	}
	d, err := p.CompleteRefund(r.Context(), r.PathValue("refund_id"), req.Outcome)
	writeDelivery(w, d, err)
}

// notDelivered is the answer when the webhook got no answer.
type notDelivered struct {
	Error apiError `json:"error"`
	Event Event    `json:"event"`
}

// writeDelivery answers the webhook's own status with the delivery, or the
// status err stands for.
func writeDelivery(w http.ResponseWriter, d Delivery, err error) {
	switch {
	case err == nil:
		status := d.Webhook.Status
		if status < 200 || status == http.StatusNoContent || status == http.StatusNotModified {
			status = http.StatusOK // a status that cannot carry the delivery
		}
		writeJSON(w, status, d)
	case errors.Is(err, ErrNotDelivered):
		writeJSON(w, http.StatusBadGateway, notDelivered{Event: d.Event, Error: apiError{Code: "webhook_not_delivered",
			Message: "the webhook got no answer; POST redeliver/" + d.Event.EventID + " to send it again"}})
	case errors.Is(err, ErrInvalidRequest):
		writeError(w, http.StatusBadRequest, "invalid_request", "the request is invalid")
	case errors.Is(err, ErrUnknownEvent), errors.Is(err, ErrUnknownRefund):
		writeError(w, http.StatusNotFound, "not_found", "no such event or refund")
	case errors.Is(err, ErrNotPending):
		writeError(w, http.StatusConflict, "conflict", "the refund is not pending")
	default:
		writeError(w, http.StatusInternalServerError, "internal", "the sandbox could not send the webhook")
	}
}
