package function

import (
	"context"
	"errors"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/idempotency"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// recorded looks the key up in the store, which records it with the order
// it created even when Redis has forgotten it. It answers a key answered
// before (replayed; Redis is told again), a key of another request (422)
// and one whose order another attempt is writing (409). A key whose
// writer died before its order was stored makes in resume that order
// under the same id.
func (p *PlaceOrder) recorded(ctx context.Context, a idempotency.Attempt, in *Input) (handler.Response, bool) {
	k, err := p.orders.LookupKey(ctx, in.UserID, in.Key)
	switch {
	case errors.Is(err, orderstore.ErrNotFound):
		return handler.Response{}, false
	case err != nil:
		p.log.ErrorContext(ctx, "idempotency key not read from the store", "err", err)
		p.letGo(ctx, a)
		return httpapi.Error(ctx, unavailable("the order store", err)), true
	case k.RequestHash == in.Hash && k.State == orderstore.KeyAbandoned:
		in.OrderID, in.Resumed, in.Recorded = k.OrderID, true, true
		return handler.Response{}, false
	}
	out, err := keyOutcome(k, in.Hash)
	if err != nil {
		p.letGo(ctx, a)
		return httpapi.Error(ctx, err), true
	}
	ctx = context.WithoutCancel(ctx)
	if _, err := p.orders.FinishOrder(ctx, k.OrderID); err != nil {
		p.log.WarnContext(ctx, "replayed order not finished; the healer will", "order_id", k.OrderID, "err", err)
	}
	return p.settle(ctx, a, out, nil), true
}

// keyOutcome is what a key recorded in the store answers a request of
// the given hash: the first answer, replayed, once its order is stored;
// 422 for another request; 409 while its order is not stored.
func keyOutcome(k orderstore.KeyRecord, hash string) (Output, error) {
	switch {
	case k.RequestHash != hash:
		return Output{}, reused()
	case k.State != orderstore.KeyAnswered:
		return Output{}, inProgress()
	}
	return Output{OrderID: k.OrderID, Status: k.Answer.Status, Body: k.Answer.Body, Replayed: true}, nil
}

// letGo ends an attempt that did nothing: a new record is deleted (the
// key is free again), a resumed one keeps its order id with its lease
// ended.
func (p *PlaceOrder) letGo(ctx context.Context, a idempotency.Attempt) {
	ctx = context.WithoutCancel(ctx)
	end := p.idem.Forget
	if a.Outcome == idempotency.Resumed {
		end = p.idem.Abandon
	}
	if err := end(ctx, a); err != nil {
		p.log.WarnContext(ctx, "idempotency record not settled", "err", err)
	}
}

func inProgress() *httpapi.Problem {
	return &httpapi.Problem{Code: httpapi.CodeRequestInProgress,
		Message: "a request with this Idempotency-Key is still running", RetryAfter: time.Second}
}

func reused() *httpapi.Problem {
	return &httpapi.Problem{Code: httpapi.CodeIdempotencyKeyReused,
		Message: "this Idempotency-Key was used with another request"}
}
