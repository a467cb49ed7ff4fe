package function

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// settleTimeout bounds the Redis writes after a push, which run even when
// the event's deadline has passed: a push sent must be marked done.
const settleTimeout = 2 * time.Second

// deliver takes one push through the ledger and the gateway. It returns
// "" when sent now, the reason when skipped, or a transient error.
func (n *Notifier) deliver(ctx context.Context, e order.Event, p push.Notification) (string, error) {
	k := n.ledger.keysOf(p)
	token := rand.Text()
	version := int64(0)
	if e.Type.IsStatus() {
		version = e.OrderVersion
	}
	state, outcome, err := n.ledger.begin(ctx, k, version, token)
	if err != nil {
		return "", err
	}
	switch state {
	case stateDone:
		return "already_" + outcome, nil
	case stateSuperseded:
		n.drop(ctx, p, ReasonSuperseded, nil)
		return ReasonSuperseded, nil
	case stateBusy:
		return "", &events.RetryAfter{After: n.cfg.BusyRetry, Err: fmt.Errorf("push %s: %w", p.NotificationID, ErrBusy)}
	case stateClaimed:
	default:
		return "", fmt.Errorf("ledger: %s in unknown state %q", p.NotificationID, state)
	}
	outcome, err = n.send(ctx, k, p)
	return n.settle(ctx, k, p, token, outcome, err)
}

// settle records what became of a claimed push: done with its outcome, or
// the claim released for a retry. It runs past the event's deadline.
func (n *Notifier) settle(ctx context.Context, k keys, p push.Notification, token, outcome string, err error) (string, error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err != nil {
		if rerr := n.ledger.release(sctx, k, token); rerr != nil {
			n.log.WarnContext(ctx, "claim not released; it expires", "notification_id", p.NotificationID, "err", rerr)
		}
		return "", err
	}
	if err := n.ledger.finish(sctx, k, token, outcome); err != nil {
		return "", err // retried; the gateway's Idempotency-Key keeps it one push
	}
	if outcome == outcomeRejected {
		return ReasonRejected, nil
	}
	return "", nil
}

// send admits the push under the recipient's rate limit and sends it. It
// returns the outcome to record, or a transient error.
func (n *Notifier) send(ctx context.Context, k keys, p push.Notification) (string, error) {
	wait, err := n.ledger.admit(ctx, k, p.NotificationID, n.cfg.limitFor(p.Recipient.Kind), n.now())
	if err != nil {
		return "", err
	}
	if wait > 0 {
		return "", &events.RetryAfter{After: wait,
			Err: fmt.Errorf("push %s to a %s: %w", p.NotificationID, p.Recipient.Kind, ErrRateLimited)}
	}
	err = n.push.Send(ctx, p)
	switch {
	case err == nil:
		return outcomeSent, nil
	case errors.Is(err, push.ErrRejected):
		n.drop(ctx, p, ReasonRejected, err)
		return outcomeRejected, nil
	}
	if wait := httpcall.RetryAfterOf(err); wait > 0 {
		return "", &events.RetryAfter{After: wait, Err: err}
	}
	return "", err
}
