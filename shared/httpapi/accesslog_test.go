package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// captureLog makes the default logger write to a buffer at level for
// the test, and returns the buffer's lines read as JSON.
func captureLog(t *testing.T, level slog.Level) func() []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	before := slog.Default()
	slog.SetDefault(telemetry.NewLogger(&buf, "order-query", level))
	t.Cleanup(func() { slog.SetDefault(before) })
	return func() []map[string]any {
		var lines []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if l == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("log line %q: %v", l, err)
			}
			lines = append(lines, m)
		}
		return lines
	}
}

// fnOf serves every call through e, answering 200.
func fnOf(e Endpoint) handler.FunctionHandler {
	return funcHandler(func(req handler.Request) (handler.Response, error) {
		return e.Serve(req, func(Call) handler.Response { return handler.Response{StatusCode: http.StatusOK} }), nil
	})
}

type funcHandler func(handler.Request) (handler.Response, error)

func (f funcHandler) Handle(req handler.Request) (handler.Response, error) { return f(req) }

func TestAccessLineTellsTheCallNotItsSecrets(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	authn, err := NewAuthenticator(secret)
	if err != nil {
		t.Fatal(err)
	}
	token, _ := auth.Sign(secret, auth.Principal{Subject: "13800138000", Role: auth.RoleUser}, time.Hour, time.Now())
	phonePath := http.Header{PathHeader: {"/orders/13800138000"}}
	withToken := phonePath.Clone()
	withToken.Set("Authorization", "Bearer "+token)
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	ctx, span := tp.Tracer("test").Start(context.Background(), "gateway")
	defer span.End()

	cases := []struct {
		name          string
		e             Endpoint
		header        http.Header
		status        int
		route, caller string
	}{
		{"a user's read", Endpoint{Method: http.MethodGet, Auth: authn, Route: "orders/*"}, withToken, 200, "/orders/*", "user"},
		{"no token", Endpoint{Method: http.MethodGet, Auth: authn, Route: "orders/*"}, phonePath, 401, "/orders/*", CallerNone},
		{"a signed webhook", Endpoint{Method: http.MethodGet}, phonePath, 200, "/", CallerSigned},
		{"a wrong method", Endpoint{Method: http.MethodPost, Auth: authn}, withToken, 405, "/", CallerNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := captureLog(t, slog.LevelInfo)
			req := handler.Request{Method: http.MethodGet, Header: c.header.Clone()}
			resp := Invoker{Name: "order-query"}.Invoke(ctx, fnOf(c.e), req)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			got := lines()
			if len(got) != 1 {
				t.Fatalf("%d lines, want one access line: %v", len(got), got)
			}
			line := got[0]
			want := map[string]any{"msg": "call", "function": "order-query", "method": "GET", "route": c.route,
				"status": float64(c.status), "caller": c.caller, telemetry.TraceIDLogKey: span.SpanContext().TraceID().String()}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
				}
			}
			if d, err := time.ParseDuration(line["duration"].(string)); err != nil || d <= 0 {
				t.Errorf("duration %v: want a positive Go duration", line["duration"])
			}
			raw, _ := json.Marshal(line)
			for _, secret := range []string{"13800138000", token} {
				if strings.Contains(string(raw), secret) {
					t.Errorf("the access line holds %q: %s", secret, raw)
				}
			}
		})
	}
}

func TestAccessLinesOffAboveInfo(t *testing.T) {
	lines := captureLog(t, slog.LevelWarn)
	Invoker{Name: "holds"}.Invoke(context.Background(), fnOf(Endpoint{}), handler.Request{Method: http.MethodPost})
	if got := lines(); len(got) != 0 {
		t.Fatalf("LOG_LEVEL warn wrote %v", got)
	}
}
