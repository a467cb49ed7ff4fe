package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// payer pays an order in full.
type payer interface {
	pay(ctx context.Context, client *http.Client, o liveOrder) outcome
}

// The ways of -pay.
const (
	paySandbox = "sandbox"
	payWebhook = "webhook"
)

// newPayer returns the payer of -pay: the runner's sandbox provider
// (POST /sandbox/payments/pay, which sends its signed webhook to
// pay-callback and answers the webhook's status), or a payment.succeeded
// webhook signed here with the payment-webhook-secret of secretsDir and
// sent to pay-callback (a deployment, which has no sandbox).
func newPayer(how, base, secretsDir string) (payer, error) {
	switch how {
	case paySandbox:
		return sandboxPayer{url: base + "/sandbox/payments/pay"}, nil
	case payWebhook:
		keys, err := secrets.Lines(secretsDir, secrets.PaymentWebhookSecret)
		if err != nil {
			return nil, fmt.Errorf("-pay webhook: %w", err)
		}
		return webhookPayer{url: base + "/function/pay-callback", keys: keys[:1]}, nil
	}
	return nil, fmt.Errorf("-pay %q: want %s or %s", how, paySandbox, payWebhook)
}

type sandboxPayer struct{ url string }

func (p sandboxPayer) pay(ctx context.Context, client *http.Client, o liveOrder) outcome {
	body := sandbox.PayRequest{OrderID: o.id, Amount: o.total}
	return call{method: http.MethodPost, url: p.url, body: body, want: http.StatusOK}.do(ctx, client)
}

type webhookPayer struct {
	url  string
	keys [][]byte
}

func (p webhookPayer) pay(ctx context.Context, client *http.Client, o liveOrder) outcome {
	now := time.Now()
	id := strings.TrimPrefix(o.id, "o-")
	ev := sandbox.Event{EventID: "evt-ocl-" + id, Type: sandbox.TypePaymentSucceeded, OrderID: o.id,
		TxnID: "txn-ocl-" + id, Amount: o.total, Currency: "CNY", OccurredAt: now.UTC().Truncate(time.Millisecond)}
	body, err := json.Marshal(ev)
	if err != nil {
		return outcome{failure: "encode"}
	}
	c := call{method: http.MethodPost, url: p.url, body: json.RawMessage(body), want: http.StatusOK,
		header: map[string]string{"Pay-Signature": signature.Header(p.keys, now, body)}}
	return c.do(ctx, client)
}
