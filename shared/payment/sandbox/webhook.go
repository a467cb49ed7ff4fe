package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Delivery is a webhook sent and the answer it got.
type Delivery struct {
	Event   Event         `json:"event"`
	Webhook WebhookAnswer `json:"webhook"`
	// Withheld is "dropped" or "delayed" when an armed fault kept the
	// webhook from being sent now (Webhook is then empty).
	Withheld string `json:"withheld,omitempty"`
}

// WebhookAnswer is what the webhook receiver answered.
type WebhookAnswer struct {
	// Status is the receiver's status; 0 when it gave no answer.
	Status int `json:"status"`
	// Body is the receiver's body (at most 64 KiB), as JSON when it is
	// JSON, else as a JSON string.
	Body json.RawMessage `json:"body,omitempty"`
}

// deliver sends ev to the webhook URL, recording the call, unless an
// armed fault drops it (recorded, never sent) or delays it (sent later,
// in the background).
func (p *Provider) deliver(ctx context.Context, ev Event) (Delivery, error) {
	switch {
	case p.faults.Use(dropWebhooksNext):
		p.journal.Add(Call{At: p.cfg.Now().UTC(), Kind: KindWebhook, Direction: Sent, Method: http.MethodPost,
			Path: p.cfg.WebhookURL, Fault: faultDropped})
		return Delivery{Event: ev, Withheld: faultDropped}, nil
	case p.faults.Use(delayWebhooksNext):
		delay := time.Duration(p.faults.Get().WebhookDelayMS) * time.Millisecond
		if delay == 0 {
			delay = defaultWebhookDelay
		}
		time.AfterFunc(delay, func() { _, _ = p.send(context.WithoutCancel(ctx), ev) })
		return Delivery{Event: ev, Withheld: faultDelayed}, nil
	}
	return p.send(ctx, ev)
}

// defaultWebhookDelay is how late a delayed webhook goes without
// webhook_delay_ms.
const defaultWebhookDelay = time.Second

// send signs ev and POSTs it to the webhook URL, recording the call.
func (p *Provider) send(ctx context.Context, ev Event) (Delivery, error) {
	d := Delivery{Event: ev}
	body, err := json.Marshal(ev)
	if err != nil {
		return d, fmt.Errorf("deliver %s: encode: %w", ev.EventID, err)
	}
	secrets := p.signingSecrets()
	if len(secrets) == 0 {
		return d, fmt.Errorf("deliver %s: %w", ev.EventID, ErrNoSecrets)
	}
	now := p.cfg.Now()
	header := signature.Header(secrets, now, body)
	call := Call{At: now.UTC(), Kind: KindWebhook, Direction: Sent, Method: http.MethodPost,
		Path: p.cfg.WebhookURL, Signature: header, Body: body}
	d.Webhook, err = p.post(ctx, body, header)
	call.Status, call.Response = d.Webhook.Status, d.Webhook.Body
	if err != nil {
		call.Error = "no answer (refused, reset or timed out)"
		p.journal.Add(call)
		p.cfg.Logger.WarnContext(ctx, "sandbox payment webhook not delivered",
			"event_id", ev.EventID, "url", p.cfg.WebhookURL, "err", err)
		return d, fmt.Errorf("deliver %s: %w: %w", ev.EventID, ErrNotDelivered, err)
	}
	p.journal.Add(call)
	return d, nil
}

// post sends one signed webhook body and reads the answer.
func (p *Provider) post(ctx context.Context, body []byte, header string) (WebhookAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.cfg.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return WebhookAnswer{}, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(signature.HeaderName, header)
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		return WebhookAnswer{}, fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, httpapi.MaxBodyBytes))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, httpapi.MaxBodyBytes)) // let the connection be reused
	if err != nil {
		return WebhookAnswer{Status: resp.StatusCode}, fmt.Errorf("read answer: %w", err)
	}
	return WebhookAnswer{Status: resp.StatusCode, Body: journal.RawJSON(answer)}, nil
}

// signingSecrets returns the secrets to sign with: the first usable one,
// or all of them with Config.SignWithAll.
func (p *Provider) signingSecrets() [][]byte {
	var out [][]byte
	for _, s := range p.cfg.Secrets() {
		if len(s) == 0 {
			continue
		}
		if !p.cfg.SignWithAll {
			return [][]byte{s}
		}
		out = append(out, s)
	}
	return out
}
