package telemetry

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

func TestMetricsHandler(t *testing.T) {
	ctx := context.Background()
	tel, err := Setup(ctx, Config{ServiceName: "test", Prometheus: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(ctx) }()

	_, end := tel.Functions().StartCall(ctx, "place-order", http.MethodPost)
	end(http.StatusCreated, nil)

	rec := httptest.NewRecorder()
	tel.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	for _, want := range []string{
		`faas_invocations_total{`,
		`faas_name="place-order"`,
		`http_server_request_duration_seconds_bucket{`,
		`http_route="/function/place-order"`,
		`http_response_status_code="201"`,
		`faas_invoke_duration_seconds_bucket{`,
		`le="0.04"`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}

func TestSetupWithoutExporters(t *testing.T) {
	ctx := context.Background()
	tel, err := Setup(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tel.Shutdown(ctx) }()

	_, span := otel.Tracer("t").Start(ctx, "op")
	defer span.End()
	if !span.SpanContext().IsValid() {
		t.Fatal("global tracer makes no trace ids")
	}
	rec := httptest.NewRecorder()
	tel.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("metrics without Prometheus: status %d, want 404", rec.Code)
	}
}

// collector is an OTLP/HTTP endpoint on loopback that counts posts by path.
type collector struct {
	mu    sync.Mutex
	posts map[string]int
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	c.mu.Lock()
	c.posts[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
}

func TestSetupExportsOTLPOnShutdown(t *testing.T) {
	col := &collector{posts: map[string]int{}}
	srv := httptest.NewServer(col)
	defer srv.Close()

	ctx := context.Background()
	tel, err := Setup(ctx, Config{ServiceName: "test", OTLPEndpoint: srv.URL + "/otlp/"})
	if err != nil {
		t.Fatal(err)
	}
	callCtx, end := tel.Functions().StartCall(ctx, "refund", http.MethodPost)
	if !trace.SpanContextFromContext(callCtx).IsSampled() {
		t.Fatal("call span not sampled")
	}
	end(http.StatusAccepted, nil)
	if err := tel.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	for _, want := range []string{"POST /otlp/v1/traces", "POST /otlp/v1/metrics"} {
		if col.posts[want] == 0 {
			t.Errorf("collector got no %s; got %v", want, col.posts)
		}
	}
}

func TestSetupRejectsBadConfig(t *testing.T) {
	_, err := Setup(context.Background(), Config{OTLPEndpoint: "collector:4318"})
	if err == nil {
		t.Fatal("Setup accepted an endpoint without scheme")
	}
}
