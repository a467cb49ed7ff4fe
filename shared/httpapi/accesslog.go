package httpapi

import (
	"context"
	"log/slog"
	"time"
)

// Callers of the access log that are no role of the contract.
const (
	// CallerNone: the call was answered before its caller was known (a
	// 404, a 405, a refused token).
	CallerNone = "none"
	// CallerOrderCenter: an internal call whose proof of origin held (an
	// event, the schedule).
	CallerOrderCenter = "order-center"
	// CallerSigned: a call that proves itself otherwise (a payment
	// provider's signed webhook).
	CallerSigned = "signed"
)

// RouteUnmatched is the access log's route of a path no route matched.
const RouteUnmatched = "unmatched"

// callNote is what the access line of one call tells beyond what the
// Invoker knows: the route matched and the caller's role, filled in as
// the call learns them (Endpoint.Serve).
type callNote struct {
	route  string
	caller string
}

type callNoteKey struct{}

// withCallNote gives ctx a note the call can fill in.
func withCallNote(ctx context.Context) (context.Context, *callNote) {
	n := &callNote{route: RouteUnmatched, caller: CallerNone}
	return context.WithValue(ctx, callNoteKey{}, n), n
}

// note records the route and caller of the call of ctx, if it has a note.
func note(ctx context.Context, route, caller string) {
	if n, ok := ctx.Value(callNoteKey{}).(*callNote); ok {
		n.route, n.caller = route, caller
	}
}

// logAccess writes the call's access line at INFO: function, method,
// route, status, duration, caller role, and (from ctx, by the telemetry
// handler) the trace id. Never a path's ids, a query, a header or a body:
// nothing of a phone or a token.
func logAccess(ctx context.Context, function, method string, n *callNote, status int, took time.Duration) {
	log := slog.Default()
	if !log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	log.LogAttrs(ctx, slog.LevelInfo, "call", slog.String("function", function), slog.String("method", method),
		slog.String("route", n.route), slog.Int("status", status), slog.Duration("duration", took),
		slog.String("caller", n.caller))
}
