package sandbox

import (
	"errors"
	"net/http"
	"regexp"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/idempotency"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// Refund statuses, as the refund API answers them.
const (
	StatusSucceeded = "succeeded"
	StatusPending   = "pending"
	StatusFailed    = "failed"
)

// What refund ids (contract section 8) and currencies look like.
var (
	refundIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// refundRequest is the body of POST /refunds (contract section 8).
type refundRequest struct {
	RefundID string `json:"refund_id"`
	TxnID    string `json:"txn_id"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// refundAnswer is the refund API's 200 answer.
type refundAnswer struct {
	RefundID string `json:"refund_id"`
	Status   string `json:"status"`
}

// refund is one refund taken.
type refund struct {
	key       string
	req       refundRequest
	first     refundAnswer // answered to the first call, and to every replay
	status    string       // now
	createdAt time.Time
}

// errRefundTaken is the error of takeRefund answered 409; it also returns
// idempotency.ErrKeyReused.
var errRefundTaken = errors.New("refund id taken under another idempotency key")

// validate lists what is wrong with r, after defaulting its currency.
func (r *refundRequest) validate() httpapi.Details {
	var ps httpapi.Details
	if r.Currency == "" {
		r.Currency = "CNY"
	}
	if !refundIDPattern.MatchString(r.RefundID) {
		ps.Add("refund_id", "must be 1 to 64 of A-Z a-z 0-9 _ -")
	}
	if r.TxnID == "" || len(r.TxnID) > 128 {
		ps.Add("txn_id", "must be 1 to 128 characters")
	}
	if r.Amount <= 0 {
		ps.Add("amount", "must be a positive amount in minor units")
	}
	if !currencyPattern.MatchString(r.Currency) {
		ps.Add("currency", "must be an ISO 4217 code such as CNY")
	}
	return ps
}

// takeRefund carries out the refund req under key once: the first call
// creates it, later calls with the same body replay its first answer
// (replayed true).
func (p *Provider) takeRefund(key string, req refundRequest) (ans refundAnswer, replayed bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rf, ok := p.refunds[key]; ok {
		if rf.req != req {
			return refundAnswer{}, false, idempotency.ErrKeyReused
		}
		return rf.first, true, nil
	}
	if _, ok := p.refundIDs[req.RefundID]; ok {
		return refundAnswer{}, false, errRefundTaken
	}
	status := StatusSucceeded
	if p.faults.Use(pendingNext) {
		status = StatusPending
	}
	rf := &refund{key: key, req: req, status: status, createdAt: p.cfg.Now().UTC(),
		first: refundAnswer{RefundID: req.RefundID, Status: status}}
	p.refunds[key], p.refundIDs[req.RefundID] = rf, rf
	return rf.first, false, nil
}

// handleRefund serves POST /refunds, applying the armed faults.
func (p *Provider) handleRefund(w http.ResponseWriter, r *http.Request) {
	p.faults.Serve(w, r, func() func(http.ResponseWriter) { return p.refundCall(r, journal.Note(r.Context())) })
}

// refundCall carries out one refund call and returns how to answer it.
func (p *Provider) refundCall(r *http.Request, call *Call) func(http.ResponseWriter) {
	key, req, ps := idempotency.Read(r, (*refundRequest).validate)
	if len(ps) > 0 {
		return func(w http.ResponseWriter) { httpapi.WriteError(w, ps.Invalid()) }
	}
	ans, replayed, err := p.takeRefund(key, req)
	switch {
	case errors.Is(err, idempotency.ErrKeyReused):
		return idempotency.KeyReused
	case errors.Is(err, errRefundTaken):
		return func(w http.ResponseWriter) {
			httpapi.WriteError(w, &httpapi.Problem{Code: httpapi.CodeConflict,
				Message: "this refund_id was refunded under another Idempotency-Key"})
		}
	}
	call.Replayed = replayed
	if !replayed && ans.Status == StatusPending && call.Fault == "" {
		call.Fault = faultPending
	}
	return func(w http.ResponseWriter) { idempotency.Answer(w, http.StatusOK, ans, replayed) }
}
