package function

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/idempotency"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

// KeyHeader is the idempotency key's header.
const KeyHeader = "Idempotency-Key"

// Handle answers POST /function/place-order (contract section 6).
func (p *PlaceOrder) Handle(req handler.Request) (handler.Response, error) {
	return p.serve(req), nil
}

// serve answers one call.
func (p *PlaceOrder) serve(req handler.Request) handler.Response {
	ctx, cancel := context.WithTimeout(httpapi.Context(req), p.cfg.Timeout)
	defer cancel()
	if req.Method != "" && req.Method != http.MethodPost {
		resp := httpapi.Error(httpapi.Invalid("method", "use POST"))
		resp.StatusCode, resp.Header["Allow"] = http.StatusMethodNotAllowed, []string{http.MethodPost}
		return resp
	}
	actor, err := p.auth.Actor(req)
	if err != nil {
		return httpapi.Error(err)
	}
	if actor.Role != order.RoleUser {
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeForbidden, Message: "only users place orders"})
	}
	key := req.Header.Get(KeyHeader)
	if !validKey(key) {
		return httpapi.Error(httpapi.Invalid(KeyHeader, "required: 1 to 64 of A-Z a-z 0-9 _ -"))
	}
	body, err := decodeRequest(req.Body, req.Header.Get("Content-Type"))
	if err != nil {
		return httpapi.Error(err)
	}
	if problem := body.validate(); problem != nil {
		return httpapi.Error(problem)
	}
	if resp, limited := p.limit(ctx, actor.ID, req.Header.Get("X-Forwarded-For")); limited {
		return resp
	}
	return p.once(ctx, actor, key, body)
}

// limit applies the abuse limits. A Redis failure lets the call through:
// the limits guard against abuse, not correctness.
func (p *PlaceOrder) limit(ctx context.Context, user, xff string) (handler.Response, bool) {
	addr := ratelimit.ClientAddress(xff, p.cfg.TrustedHops, "")
	wait, err := p.limiter.Allow(ctx,
		ratelimit.Check{Name: "user", Subject: user, Limit: p.cfg.PerUser},
		ratelimit.Check{Name: "addr", Subject: addr, Limit: p.cfg.PerAddress})
	if err != nil {
		p.log.WarnContext(ctx, "rate limits not checked", "err", err)
		return handler.Response{}, false
	}
	if wait <= 0 {
		return handler.Response{}, false
	}
	return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeRateLimited,
		Message: "too many orders placed; slow down", RetryAfter: wait}), true
}

// once runs the request under its idempotency key.
func (p *PlaceOrder) once(ctx context.Context, actor order.Actor, key string, body Request) handler.Response {
	a, err := p.idem.Begin(ctx, actor.ID, key, body.hash(), order.NewID(p.now()))
	if err != nil {
		p.log.ErrorContext(ctx, "idempotency record not read", "err", err)
		return httpapi.Error(unavailable("the order center's cache", err))
	}
	switch a.Outcome {
	case idempotency.Replay:
		if validJSON(a.Response.Body) {
			return replay(a.Response.Status, a.Response.Body)
		}
		return httpapi.Error(errors.New("saved answer is not JSON"))
	case idempotency.InProgress:
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeRequestInProgress,
			Message: "a request with this Idempotency-Key is still running", RetryAfter: time.Second})
	case idempotency.Reused:
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeIdempotencyKeyReused,
			Message: "this Idempotency-Key was used with another request"})
	}
	rec, err := p.Place(ctx, Input{OrderID: a.Token, UserID: actor.ID, Request: body, Resumed: a.Outcome == idempotency.Resumed})
	return p.settle(ctx, a, actor, rec, err)
}

// settle saves the answer of a placed order, keeps the order id of an
// uncertain one for the retry, and frees the key of a refused one.
func (p *PlaceOrder) settle(ctx context.Context, a idempotency.Attempt, actor order.Actor, rec order.Record, err error) handler.Response {
	ctx = context.WithoutCancel(ctx) // settle even if the caller went away
	switch {
	case err == nil:
		resp := created(rec, actor)
		var wg sync.WaitGroup
		wg.Go(func() { p.commit(ctx, rec.OrderID) })
		if serr := p.idem.Complete(ctx, a, idempotency.Response{Status: resp.StatusCode, Body: resp.Body}); serr != nil {
			p.log.WarnContext(ctx, "answer not saved; a retry resumes the order", "order_id", rec.OrderID, "err", serr)
		}
		wg.Wait()
		return resp
	case errors.Is(err, errUncertain):
		p.log.WarnContext(ctx, "order outcome uncertain", "order_id", a.Token, "err", err)
		if serr := p.idem.Abandon(ctx, a); serr != nil {
			p.log.WarnContext(ctx, "idempotency lease not ended", "err", serr)
		}
	default:
		if serr := p.idem.Forget(ctx, a); serr != nil {
			p.log.WarnContext(ctx, "idempotency record not freed", "err", serr)
		}
	}
	return failed(err)
}
