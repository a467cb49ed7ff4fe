package sandbox

import "github.com/ordercenter/ordercenter/shared/sandbox/faults"

// Faults is what the provider is told to get wrong on its next refund
// calls. Each counter is used up one call at a time.
type Faults struct {
	// FailNext refund calls answer Status without refunding.
	FailNext int `json:"fail_next"`
	// Status is what failing calls answer, 400 to 599; default 503.
	Status int `json:"status"`
	// TimeoutNext refund calls are carried out, then hang until the caller
	// gives up (or Config.MaxHang passes, then answer 504).
	TimeoutNext int `json:"timeout_next"`
	// PendingNext new refunds answer "pending" instead of "succeeded".
	PendingNext int `json:"pending_next"`
	// DropWebhooksNext webhooks (of payments, refunds completed and
	// redeliveries alike) are never sent, as a provider that gave up
	// does; each stays known for POST /redeliver/<event_id>.
	DropWebhooksNext int `json:"drop_webhooks_next"`
	// DelayWebhooksNext webhooks are sent WebhookDelayMS milliseconds
	// later, in the background; the call that caused each answers at once.
	DelayWebhooksNext int `json:"delay_webhooks_next"`
	// WebhookDelayMS is the delay of a delayed webhook (default 1000).
	WebhookDelayMS int `json:"webhook_delay_ms"`
}

// Fields lets the faults package reach the counters.
func (f *Faults) Fields() faults.Fields {
	return faults.Fields{FailNext: &f.FailNext, Status: &f.Status, TimeoutNext: &f.TimeoutNext,
		Others: []faults.Counter{{Name: "pending_next", N: &f.PendingNext},
			{Name: "drop_webhooks_next", N: &f.DropWebhooksNext}, {Name: "delay_webhooks_next", N: &f.DelayWebhooksNext},
			{Name: "webhook_delay_ms", N: &f.WebhookDelayMS}}}
}

// Faults noted on a webhook dropped or delayed (Call.Fault).
const (
	faultDropped = "dropped"
	faultDelayed = "delayed"
)

func dropWebhooksNext(f *Faults) *int  { return &f.DropWebhooksNext }
func delayWebhooksNext(f *Faults) *int { return &f.DelayWebhooksNext }

// faultPending is the fault of a refund answered pending by PendingNext.
const faultPending = "pending"

// pendingNext points to the PendingNext counter, for faults.Board.Use.
func pendingNext(f *Faults) *int { return &f.PendingNext }
