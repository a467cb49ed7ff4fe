package httpcall

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds one call.
	DefaultTimeout = 2 * time.Second
	// DefaultMaxAnswerBytes caps the body of one answer (64 KiB).
	DefaultMaxAnswerBytes = 64 << 10
	// DefaultMaxRetryAfter caps a Retry-After a dependency asks for.
	DefaultMaxRetryAfter = 5 * time.Minute
)

// Config shapes a Client; Name and BaseURL are required.
type Config struct {
	// Name names the dependency in errors, in its breaker and in logs,
	// for example "catalog".
	Name string
	// BaseURL is an absolute http or https URL, without credentials, query
	// or fragment, that may end in a path prefix; calls append their path
	// to it.
	BaseURL string
	// Timeout bounds one call, reading of the answer included (default
	// DefaultTimeout); an earlier deadline of the caller's context applies.
	Timeout time.Duration
	// MaxAnswerBytes caps the body of one answer (default
	// DefaultMaxAnswerBytes): a longer 2xx body is an ErrBadAnswer, a
	// longer error body is cut.
	MaxAnswerBytes int64
	// Header is sent with every call, for example Authorization.
	Header http.Header
	// HTTPClient makes the calls (default a shared one that follows no
	// redirects; see NoRedirects). A given client should not follow them
	// either.
	HTTPClient *http.Client
	// Breaker shapes the dependency's circuit breaker.
	Breaker breaker.Config
	// MaxRetryAfter caps the Retry-After reported (default
	// DefaultMaxRetryAfter).
	MaxRetryAfter time.Duration
	// Now is the clock that reads Retry-After dates (default time.Now).
	Now func() time.Time
	// MeterProvider times each call in http.client.request.duration
	// (default the global provider).
	MeterProvider metric.MeterProvider
	// TracerProvider makes the client span of each call (default the
	// global provider).
	TracerProvider trace.TracerProvider
}

func (c *Config) setDefaults() {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxAnswerBytes <= 0 {
		c.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.HTTPClient == nil {
		c.HTTPClient = shared
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// validate checks the defaulted config and returns the base URL as calls
// use it.
func (c *Config) validate() (string, error) {
	var problems []error
	if c.Name == "" {
		problems = append(problems, errors.New("no dependency name"))
	}
	base, err := ParseBaseURL(c.BaseURL)
	if err != nil {
		problems = append(problems, err)
	}
	if err := errors.Join(problems...); err != nil {
		return "", fmt.Errorf("http client %q: %w", c.Name, err)
	}
	return base, nil
}
