package sandbox_test

import (
	"encoding/json"
	"testing"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
)

const prefix = "/sandbox/push"

// fixture is a gateway served under prefix.
type fixture struct {
	sandboxtest.Client
	g *sandbox.Gateway
}

// newFixture starts a gateway; cfg tweaks its config.
func newFixture(t *testing.T, cfg func(*sandbox.Config)) *fixture {
	t.Helper()
	c := sandbox.Config{Prefix: prefix}
	if cfg != nil {
		cfg(&c)
	}
	g, err := sandbox.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{Client: sandboxtest.Serve(t, prefix, g), g: g}
}

// push sends a push under key.
func (f *fixture) push(t *testing.T, key, body string) sandboxtest.Answer {
	t.Helper()
	return f.Do(t, "POST", "/push", body, "Idempotency-Key", key)
}

// pushBody is a push's body for notification id to kind:id about order.
func pushBody(id, kind, recipient, order string) string {
	b, _ := json.Marshal(sandbox.Push{NotificationID: id, Recipient: sandbox.Recipient{Kind: kind, ID: recipient},
		Title: "Order paid", Body: "Your order is paid", Data: sandbox.Data{OrderID: order, Event: "order.paid"}})
	return string(b)
}
