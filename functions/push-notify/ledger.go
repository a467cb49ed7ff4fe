package function

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

// Outcomes a done marker records.
const (
	outcomeSent     = "sent"
	outcomeRejected = "rejected"
)

// States a notification is found in when an instance comes to it.
const (
	stateClaimed    = "claimed"    // this instance sends it
	stateDone       = "done"       // sent or rejected before
	stateSuperseded = "superseded" // a later status of the order was seen
	stateBusy       = "busy"       // another instance is sending it
)

// ledger keeps in Redis what the instances share. Keys, below the prefix
// (hash tags keep the keys of one order, and those of one recipient, in
// one cluster slot):
//
//	{<order_id>}:done:<notification_id>    "sent" | "rejected", kept DoneTTL
//	{<order_id>}:claim:<notification_id>   the sender's token, kept ClaimTTL
//	{<order_id>}:seen:<kind>:<id>          highest order_version seen, kept DoneTTL
//	{<kind>:<id>}:rate                     sorted set: notification ids by time sent
type ledger struct {
	rdb    redis.Scripter
	prefix string
	claim  time.Duration
	done   time.Duration
}

// keys are the keys of one notification.
type keys struct{ done, claim, seen, rate string }

func (l *ledger) keysOf(n push.Notification) keys {
	order := l.prefix + "{" + n.Data.OrderID + "}:"
	r := n.Recipient.String()
	return keys{
		done:  order + "done:" + n.NotificationID,
		claim: order + "claim:" + n.NotificationID,
		seen:  order + "seen:" + r,
		rate:  l.prefix + "{" + r + "}:rate",
	}
}

// beginScript looks at a notification: done before; else, for a status
// event (version > 0), superseded by a higher version seen, or the
// version recorded; then claimed for this sender, or busy with another.
var beginScript = redis.NewScript(`
local done = redis.call('GET', KEYS[1])
if done then return {'done', done} end
local v = tonumber(ARGV[1])
if v > 0 then
  local seen = tonumber(redis.call('GET', KEYS[3]) or '0')
  if v < seen then return {'superseded', tostring(seen)} end
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return {'claimed', ''} end
return {'busy', tostring(redis.call('PTTL', KEYS[2]))}
`)

// begin returns the state of the notification (see the state constants)
// and, when done, its outcome. version is the event's order_version for
// a status event, else 0.
func (l *ledger) begin(ctx context.Context, k keys, version int64, token string) (state, outcome string, err error) {
	res, err := beginScript.Run(ctx, l.rdb, []string{k.done, k.claim, k.seen},
		version, token, l.claim.Milliseconds(), l.done.Milliseconds()).StringSlice()
	if err != nil {
		return "", "", fmt.Errorf("ledger: begin %s: %w", k.done, err)
	}
	if len(res) != 2 {
		return "", "", fmt.Errorf("ledger: begin %s: answered %q", k.done, res)
	}
	return res[0], res[1], nil
}

// finishScript marks a notification done and lets go of its claim.
var finishScript = redis.NewScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1
`)

// finish records the outcome and releases the claim held with token.
func (l *ledger) finish(ctx context.Context, k keys, token, outcome string) error {
	err := finishScript.Run(ctx, l.rdb, []string{k.done, k.claim}, outcome, l.done.Milliseconds(), token).Err()
	if err != nil {
		return fmt.Errorf("ledger: finish %s: %w", k.done, err)
	}
	return nil
}

// releaseScript deletes a claim if it is still the sender's.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// release lets go of the claim held with token, so that a retry need not
// wait for it to expire.
func (l *ledger) release(ctx context.Context, k keys, token string) error {
	if err := releaseScript.Run(ctx, l.rdb, []string{k.claim}, token).Err(); err != nil {
		return fmt.Errorf("ledger: release %s: %w", k.claim, err)
	}
	return nil
}

// admitScript is a sliding-window log: the notification ids sent to one
// recipient in the last window, scored by time. A notification already
// in the log is admitted again (its retry costs nothing); a new one is
// admitted while the log is short of the limit; otherwise it answers how
// many milliseconds until the oldest entry leaves the window.
var admitScript = redis.NewScript(`
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 0 end
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`)

// admit counts the notification against the recipient's rate at now; it
// returns 0 when it may be sent, else how long until it may.
func (l *ledger) admit(ctx context.Context, k keys, id string, rate ratelimit.Limit, now time.Time) (time.Duration, error) {
	if rate.Off() {
		return 0, nil
	}
	wait, err := admitScript.Run(ctx, l.rdb, []string{k.rate},
		now.UnixMilli(), rate.Period.Milliseconds(), rate.Count, id).Int64()
	if err != nil {
		return 0, fmt.Errorf("ledger: admit %s: %w", k.rate, err)
	}
	return time.Duration(wait) * time.Millisecond, nil
}
