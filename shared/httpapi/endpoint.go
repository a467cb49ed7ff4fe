package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/origin"
)

// Endpoint is the preamble every function's HTTP entry shares, checked in
// this order before its use case runs: the method (405 with Allow), the
// body's type (a body whose Content-Type is not application/json is 400),
// the proof that the order center itself calls (401), the caller's bearer
// token (401), the caller's role (403), a body that is not valid UTF-8
// (400: JSON is UTF-8, and encoding/json would turn an id's invalid bytes
// into U+FFFD where the contract wants 400); then the call gets its
// deadline. The body was bounded by the edge (Server); decode it with
// DecodeJSON, and match the subpath with Match, which checks its ids.
type Endpoint struct {
	// Method is the one method served ("" serves any).
	Method string
	// Auth verifies the bearer token (an *Authenticator); nil checks none
	// (webhooks signed otherwise, the platform's own calls).
	Auth ActorVerifier
	// Origin, for the internal functions (those triggered by events or by
	// the schedule), checks that the call comes from the order center
	// itself (an *origin.Verifier); a call without that proof is 401,
	// counted and logged without its body.
	Origin OriginVerifier
	// Roles are the roles served; empty serves every role.
	Roles []order.Role
	// Forbidden is told to a caller of another role ("only users place
	// orders").
	Forbidden string
	// Timeout bounds the call, below the platform's function timeout; 0
	// keeps the caller's deadline only.
	Timeout time.Duration
	// Route names what is served in the access log: the subpath's pattern
	// as Match takes it ("orders/*/timeline"), "" for the function's root.
	Route string
}

// ActorVerifier names the caller of a request from its bearer token,
// failing with a 401 Problem; *Authenticator is one.
type ActorVerifier interface {
	Actor(req handler.Request) (order.Actor, error)
}

// OriginVerifier checks that a call comes from the order center itself:
// nil, or an error wrapping origin.ErrUnproven (the caller's fault), or
// another (the proof could not be checked).
type OriginVerifier interface {
	Verify(req handler.Request) error
}

// checkOrigin answers a call whose origin is not proven: 401 when the
// proof is missing or wrong, 503 when it cannot be checked.
func checkOrigin(ctx context.Context, v OriginVerifier, req handler.Request) (handler.Response, bool) {
	err := v.Verify(req)
	switch {
	case err == nil:
		return handler.Response{}, false
	case errors.Is(err, origin.ErrUnproven):
		slog.WarnContext(ctx, "call refused: no proof of origin", "reason", err, "body_bytes", len(req.Body),
			"forwarded_for", req.Header.Get("X-Forwarded-For"))
		return Error(ctx, &Problem{Code: CodeUnauthorized, Message: "only the order center may call this function"}), true
	}
	slog.ErrorContext(ctx, "proof of origin not checked", "err", err)
	return Error(ctx, &Problem{Code: CodeDependencyUnavailable, Message: "the call cannot be checked now; retry later",
		RetryAfter: 5 * time.Second}), true
}

// Call is one call past the preamble: its context (with the deadline),
// its request, and who makes it (the zero Actor without Auth).
type Call struct {
	Ctx context.Context
	Req handler.Request
	By  order.Actor
}

// Serve runs the preamble on req, then use; it answers use's answer or
// the preamble's refusal.
func (e Endpoint) Serve(req handler.Request, use func(Call) handler.Response) handler.Response {
	ctx := Context(req)
	note(ctx, "/"+e.Route, CallerNone)
	if e.Method != "" && req.Method != e.Method {
		return MethodNotAllowed(e.Method, &Problem{Code: CodeMethodNotAllowed, Message: "only " + e.Method + " is served here"})
	}
	if ct := req.Header.Get("Content-Type"); len(req.Body) > 0 && ct != "" && !strings.HasPrefix(ct, "application/json") {
		return Error(ctx, Invalid("Content-Type", "must be application/json"))
	}
	if e.Origin != nil {
		if resp, refused := checkOrigin(ctx, e.Origin, req); refused {
			return resp
		}
	}
	var by order.Actor
	if e.Auth != nil {
		var err error
		if by, err = e.Auth.Actor(req); err != nil {
			return Error(ctx, err)
		}
	}
	note(ctx, "/"+e.Route, e.caller(by))
	if len(e.Roles) > 0 && !slices.Contains(e.Roles, by.Role) {
		msg := e.Forbidden
		if msg == "" {
			msg = "your role may not call this"
		}
		return Error(ctx, &Problem{Code: CodeForbidden, Message: msg})
	}
	if !utf8.Valid(req.Body) {
		return Error(ctx, Invalid("body", "not valid UTF-8"))
	}
	if e.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.Timeout)
		defer cancel()
	}
	req.WithContext(ctx)
	return use(Call{Ctx: ctx, Req: req, By: by})
}

// caller is the access log's caller of a call past its proofs: the
// token's role, the order center itself, or a caller that proves itself
// otherwise.
func (e Endpoint) caller(by order.Actor) string {
	switch {
	case e.Auth != nil:
		return by.Role.String()
	case e.Origin != nil:
		return CallerOrderCenter
	}
	return CallerSigned
}

// MethodNotAllowed answers 405 with p and an Allow header naming the
// methods served (for example "GET, POST").
func MethodNotAllowed(allow string, p *Problem) handler.Response {
	resp := Error(context.Background(), p)
	resp.StatusCode = http.StatusMethodNotAllowed
	resp.Header.Set("Allow", allow)
	return resp
}
