package function

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Output is the answer to a placed order: the first answer under its key.
type Output struct {
	OrderID string
	Status  int
	Body    []byte
	// Replayed says the answer was first given to another attempt.
	Replayed bool
}

// create writes the order with its key and its first answer, computed
// from the order at version 1. A key another order took first (a race
// after Redis forgot) is that order's: what was held here is released
// and the other order's answer replayed, or 409 while it is written.
func (p *PlaceOrder) create(ctx context.Context, in Input, o *order.Order) (Output, error) {
	first := created(o.Record(), in.actor())
	k, err := p.orders.CreateOnce(ctx, o, orderstore.KeyRecord{UserID: in.UserID, Key: in.Key,
		RequestHash: in.Hash, Answer: orderstore.Answer{Status: first.StatusCode, Body: first.Body}})
	var taken *orderstore.KeyTakenError
	switch {
	case err == nil, errors.Is(err, orderstore.ErrSyncPending):
		return Output{OrderID: k.OrderID, Status: k.Answer.Status, Body: k.Answer.Body,
			Replayed: !bytes.Equal(k.Answer.Body, first.Body)}, nil
	case errors.As(err, &taken):
		p.release(ctx, in.OrderID)
		return keyOutcome(taken.Record, in.Hash)
	case errors.Is(err, orderstore.ErrKeyBusy):
		return Output{}, inProgress() // the same order id: its holds are the other attempt's too
	}
	return Output{}, uncertain("place order "+in.OrderID, err)
}

// response is the answer to give.
func (out Output) response() handler.Response {
	if out.Replayed {
		return replay(out.Status, out.Body)
	}
	return handler.Response{StatusCode: out.Status, Body: out.Body,
		Header: http.Header{"Content-Type": {"application/json"}}}
}
