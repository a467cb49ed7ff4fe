package telemetry

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Defaults applied by [Setup] to fields left at their zero value.
const (
	DefaultServiceName    = "ordercenter"
	DefaultExportInterval = 15 * time.Second
)

// Config says what [Setup] builds.
type Config struct {
	// ServiceName is the service.name resource attribute; default
	// DefaultServiceName.
	ServiceName string
	// OTLPEndpoint is the collector's OTLP/HTTP base URL (scheme, host,
	// port, optional path prefix); "/v1/traces" and "/v1/metrics" are
	// appended as the OpenTelemetry specification says for
	// OTEL_EXPORTER_OTLP_ENDPOINT. Empty exports nothing over OTLP.
	OTLPEndpoint string
	// Prometheus registers a Prometheus exporter so that
	// [Telemetry.MetricsHandler] serves the metrics.
	Prometheus bool
	// ExportInterval is how often metrics are pushed over OTLP; default
	// DefaultExportInterval. Shutdown pushes what is left.
	ExportInterval time.Duration
	// SpanExporter, when set, also receives every span, synchronously as
	// it ends (a test's tracetest.InMemoryExporter).
	SpanExporter sdktrace.SpanExporter
}

func (c *Config) setDefaults() {
	if c.ServiceName == "" {
		c.ServiceName = DefaultServiceName
	}
	if c.ExportInterval == 0 {
		c.ExportInterval = DefaultExportInterval
	}
}

// Validate reports every problem of the Config at once, joined with
// errors.Join.
func (c Config) Validate() error {
	var errs []error
	if strings.TrimSpace(c.ServiceName) == "" {
		errs = append(errs, errors.New("service name is empty"))
	}
	if c.ExportInterval < 0 {
		errs = append(errs, fmt.Errorf("export interval %s is negative", c.ExportInterval))
	}
	if c.OTLPEndpoint != "" {
		if _, err := parseEndpoint(c.OTLPEndpoint); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// LogValue prints the Config with any credentials in the endpoint hidden.
func (c Config) LogValue() slog.Value {
	endpoint := c.OTLPEndpoint
	if u, err := url.Parse(endpoint); err == nil {
		endpoint = u.Redacted()
	}
	return slog.GroupValue(
		slog.String("service_name", c.ServiceName),
		slog.String("otlp_endpoint", endpoint),
		slog.Bool("prometheus", c.Prometheus),
		slog.Duration("export_interval", c.ExportInterval),
	)
}

// parseEndpoint checks that raw is an http or https URL with a host.
func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("otlp endpoint: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("otlp endpoint %q: scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("otlp endpoint %q: no host", u.Redacted())
	}
	return u, nil
}

// signalURL appends the signal's path ("v1/traces", "v1/metrics") to the
// base endpoint.
func signalURL(base, signal string) (string, error) {
	u, err := parseEndpoint(base)
	if err != nil {
		return "", err
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + signal
	u.RawPath = ""
	return u.String(), nil
}
