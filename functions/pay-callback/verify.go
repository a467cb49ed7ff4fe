package function

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Secrets returns the payment-webhook-secret secrets, the current one
// first (several during a rotation).
type Secrets func() ([][]byte, error)

// FileSecrets reads payment-webhook-secret from dir (one secret a line,
// see secrets.Lines), again at most every ttl (0: the Reloader's default,
// 10 s), so a rotation written to the file is taken up without a restart;
// a failed re-read keeps the secrets in use (secrets.Reloader). It fails
// when the file cannot be read now.
func FileSecrets(dir string, ttl time.Duration, now func() time.Time) (Secrets, error) {
	r, err := secrets.NewReloader(dir, secrets.PaymentWebhookSecret, ttl, now,
		func(keys [][]byte) ([][]byte, error) { return keys, nil })
	if err != nil {
		return nil, fmt.Errorf("webhook secrets: %w", err)
	}
	return func() ([][]byte, error) { return r.Get(), nil }, nil
}

// verifier checks signatures and counts the refusals.
type verifier struct {
	secrets  Secrets
	now      func() time.Time
	refused  atomic.Int64
	counter  metric.Int64Counter
	initOnce sync.Once
}

// verify checks the Pay-Signature header against the raw body. It returns
// an error wrapping signature.ErrInvalid for a request to refuse with 401,
// and any other error when the function itself cannot verify (no
// secrets).
func (v *verifier) verify(ctx context.Context, header string, body []byte) error {
	secrets, err := v.secrets()
	if err != nil {
		return err
	}
	err = signature.Verify(header, body, secrets, v.now(), signature.DefaultTolerance)
	if errors.Is(err, signature.ErrInvalid) {
		v.refused.Add(1)
		v.count(ctx, reasonOf(err))
	}
	return err
}

func (v *verifier) count(ctx context.Context, reason string) {
	v.initOnce.Do(func() {
		v.counter, _ = otel.Meter("ordercenter/pay-callback").Int64Counter("paycallback.signature.refused",
			metric.WithDescription("webhooks refused for a bad, missing or stale Pay-Signature"))
	})
	if v.counter != nil {
		v.counter.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", reason)))
	}
}

// reasonOf names why a signature was refused, for the metric and log.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, signature.ErrMissing):
		return "missing"
	case errors.Is(err, signature.ErrMalformed):
		return "malformed"
	case errors.Is(err, signature.ErrStale):
		return "stale"
	}
	return "mismatch"
}
