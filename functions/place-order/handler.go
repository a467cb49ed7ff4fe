package function

import (
	"context"
	"errors"
	"net/http"
	"sync"

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
	return p.endpointOf().Serve(req, p.serve), nil
}

// endpointOf is place-order's preamble: POST, users only, its deadline.
func (p *PlaceOrder) endpointOf() httpapi.Endpoint {
	return httpapi.Endpoint{Method: http.MethodPost, Auth: p.auth, Roles: []order.Role{order.RoleUser},
		Forbidden: "only users place orders", Timeout: p.cfg.Timeout}
}

// serve answers one call past the preamble.
func (p *PlaceOrder) serve(c httpapi.Call) handler.Response {
	key := c.Req.Header.Get(KeyHeader)
	if !validKey(key) {
		return httpapi.Error(c.Ctx, httpapi.Invalid(KeyHeader, "required: 1 to 64 of A-Z a-z 0-9 _ -"))
	}
	var body Request
	if err := httpapi.DecodeJSON(c.Req, &body); err != nil {
		return httpapi.Error(c.Ctx, err)
	}
	if problem := body.validate(); problem != nil {
		return httpapi.Error(c.Ctx, problem)
	}
	in := Input{UserID: c.By.ID, Key: key, Hash: body.hash(), Request: body}
	return p.once(c.Ctx, in, c.Req.Header.Get("X-Forwarded-For"))
}

// keyScope is the scope of a user's idempotency keys: the user's hash
// tag, so the records share the slot of the user's holds and limits.
func keyScope(userID string) string { return "user:" + userID }

// once runs the request under its idempotency key. What the key answered
// before, in Redis or in the store, is answered again before the rate
// limits (it creates nothing); a new request is limited, then placed.
func (p *PlaceOrder) once(ctx context.Context, in Input, xff string) handler.Response {
	a, err := p.idem.Begin(ctx, keyScope(in.UserID), in.Key, in.Hash, order.NewID(p.now()))
	if err != nil {
		p.log.ErrorContext(ctx, "idempotency record not read", "err", err)
		return httpapi.Error(ctx, unavailable("the order center's cache", err))
	}
	if resp, done := saved(ctx, a); done {
		return resp
	}
	in.OrderID, in.Resumed = a.Token, a.Outcome == idempotency.Resumed
	if resp, done := p.recorded(ctx, a, &in); done {
		return resp
	}
	if resp, limited := p.limit(ctx, in.UserID, xff); limited {
		p.letGo(ctx, a)
		return resp
	}
	out, err := p.Place(ctx, in)
	return p.settle(ctx, a, out, err)
}

// saved answers what Redis knows of the key: its saved answer, that it
// is in progress, or that it was used with another request.
func saved(ctx context.Context, a idempotency.Attempt) (handler.Response, bool) {
	switch a.Outcome {
	case idempotency.Replay:
		if validJSON(a.Response.Body) {
			return replay(a.Response.Status, a.Response.Body), true
		}
		return httpapi.Error(ctx, errors.New("saved answer is not JSON")), true
	case idempotency.InProgress:
		return httpapi.Error(ctx, inProgress()), true
	case idempotency.Reused:
		return httpapi.Error(ctx, reused()), true
	}
	return handler.Response{}, false
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
	return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeRateLimited,
		Message: "too many orders placed; slow down", RetryAfter: wait}), true
}

// settle saves the answer of a placed order, keeps the order id of an
// uncertain one for the retry, and frees the key of a refused one.
func (p *PlaceOrder) settle(ctx context.Context, a idempotency.Attempt, out Output, err error) handler.Response {
	ctx = context.WithoutCancel(ctx) // settle even if the caller went away
	switch {
	case err == nil:
		var wg sync.WaitGroup
		wg.Go(func() { p.commit(ctx, out.OrderID) })
		if serr := p.idem.Complete(ctx, a, idempotency.Response{Status: out.Status, Body: out.Body}); serr != nil {
			p.log.WarnContext(ctx, "answer not saved in Redis; the store has it", "order_id", out.OrderID, "err", serr)
		}
		wg.Wait()
		return out.response()
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
	return failed(ctx, err)
}
