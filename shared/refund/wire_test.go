package refund_test

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/refund"
)

func TestLazyFromEnvWiresOverTheEnvironment(t *testing.T) {
	t.Setenv("DYNAMODB_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("NATS_URL", "")
	t.Setenv("PAYMENT_PROVIDER_URL", "http://127.0.0.1:1")
	t.Setenv("AFTER_SALES_WINDOW", "")
	lazy := refund.LazyFromEnv(func(w refund.Wiring) (bool, error) {
		return w.Store != nil && w.Orders != nil && w.Refunds != nil, nil
	})
	if ok, err := lazy.Get(context.Background()); err != nil || !ok {
		t.Fatalf("got %v, %v", ok, err)
	}
	t.Setenv("AFTER_SALES_WINDOW", "soon")
	failing := refund.LazyFromEnv(func(refund.Wiring) (bool, error) { return true, nil })
	if _, err := failing.Get(context.Background()); err == nil {
		t.Fatal("wired with a malformed AFTER_SALES_WINDOW")
	}
}
