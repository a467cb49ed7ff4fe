// Package origin proves that a call to an internal function comes from the
// order center itself (contract section 4): holds, push-notify, the event
// entry of refund and the sweeper answer 401 to anyone else, so that a
// forged order.cancelled cannot free a live order's stock and a forged
// event cannot push to a stranger.
//
// The proof is an HMAC-SHA256 over the call's exact body under a key of
// the secret file event-signing-secret (one key a line: the first signs,
// any verifies, so a key is rotated by adding the new one first, deploying,
// then removing the old), in the header Oc-Origin with the scheme of the
// payment webhooks ("t=<unix>,v1=<hex>", HMAC over t + "." + body;
// package signature):
//
//   - events: the publisher signs each event's bytes when it publishes
//     them; the NATS header travels with the message in the stream, and
//     the connector forwards it. An event has no age limit: a backlog after
//     an outage, or a dead letter replayed days later, is still accepted;
//     a replay of the same bytes is harmless (consumers are idempotent on
//     event id), any altered byte fails.
//   - scheduled calls: the scheduler signs the body with the current time;
//     t must lie within ScheduleWindow of the receiver's clock, so a
//     captured trigger cannot be replayed later.
//
// The keys are read from the file at most every KeysTTL, so a rotation on
// disk is picked up without a restart.
package origin

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// Header carries the proof.
const Header = "Oc-Origin"

// ScheduleWindow is how far from the receiver's clock a scheduled call's
// t may lie.
const ScheduleWindow = 2 * time.Minute

// KeysTTL is how long the keys read from the secret file are kept.
const KeysTTL = 10 * time.Second

// anyAge is the tolerance of an event's t: no age limit to speak of.
const anyAge = 100 * 365 * 24 * time.Hour

// ErrUnproven: the call carries no valid proof of origin.
var ErrUnproven = errors.New("origin: the call does not prove it comes from the order center")

// Keys returns the signing keys in use, the one that signs first.
type Keys func() [][]byte

// FileKeys reads the keys of event-signing-secret in dir, again at most
// every KeysTTL (secrets.Reloader: a failed re-read keeps the keys in use).
// It fails when the file cannot be read now.
func FileKeys(dir string, now func() time.Time) (Keys, error) {
	r, err := secrets.NewReloader(dir, secrets.EventSigningSecret, KeysTTL, now,
		func(keys [][]byte) ([][]byte, error) { return keys, nil })
	if err != nil {
		return nil, fmt.Errorf("origin keys: %w", err)
	}
	return r.Get, nil
}

// Signer signs the order center's own calls.
type Signer struct {
	keys Keys
	now  func() time.Time
}

// NewSigner signs with the first of keys at the time of now.
func NewSigner(keys Keys, now func() time.Time) *Signer { return &Signer{keys: keys, now: now} }

// Sign returns the proof of body, the value of Header.
func (s *Signer) Sign(body []byte) (string, error) {
	keys := s.keys()
	if len(keys) == 0 {
		return "", fmt.Errorf("origin: %s holds no key", secrets.EventSigningSecret)
	}
	return signature.Sign(keys[0], s.now(), body), nil
}

// Verifier checks the proof of calls of one kind.
type Verifier struct {
	keys      Keys
	now       func() time.Time
	tolerance time.Duration
	refused   atomic.Int64
}

// Events verifies calls that carry an event: any age.
func Events(keys Keys, now func() time.Time) *Verifier {
	return &Verifier{keys: keys, now: now, tolerance: anyAge}
}

// Schedule verifies scheduled calls: t within ScheduleWindow.
func Schedule(keys Keys, now func() time.Time) *Verifier {
	return &Verifier{keys: keys, now: now, tolerance: ScheduleWindow}
}

// Verify checks the proof of req over its body: nil, or an error wrapping
// ErrUnproven.
func (v *Verifier) Verify(req handler.Request) error {
	if err := signature.Verify(req.Header.Get(Header), req.Body, v.keys(), v.now(), v.tolerance); err != nil {
		v.refused.Add(1)
		return fmt.Errorf("%w: %w", ErrUnproven, err)
	}
	return nil
}

// Refused is how many calls this Verifier refused.
func (v *Verifier) Refused() int64 { return v.refused.Load() }
