package idempotency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults of Config.
const (
	DefaultLease = 10 * time.Second
	DefaultKeep  = 25 * time.Hour
)

// Config tunes a Store.
type Config struct {
	// Prefix starts every key ("oc:idem:").
	Prefix string
	// Lease is how long an in-progress record belongs to its attempt:
	// longer than the command can run (default 10 s).
	Lease time.Duration
	// Keep is how long a record lives after its last change (default
	// 25 h; the contract asks for at least 24 h).
	Keep time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Store keeps idempotency records in Redis. Safe for concurrent use.
type Store struct {
	rdb redis.Scripter
	cfg Config
}

// New returns a store over rdb.
func New(rdb redis.Scripter, cfg Config) *Store {
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Store{rdb: rdb, cfg: cfg}
}

// Outcome is what Begin found.
type Outcome int

// The outcomes of Begin.
const (
	Started Outcome = iota + 1
	Resumed
	Replay
	InProgress
	Reused
)

// Response is a saved answer.
type Response struct {
	Status int
	Body   []byte
}

// Attempt is the result of Begin.
type Attempt struct {
	Outcome Outcome
	// Token is the token saved with the record (Started, Resumed).
	Token string
	// Response is the saved answer (Replay).
	Response Response
	// Key identifies the record and Nonce the attempt, for Complete,
	// Forget and Abandon.
	Key, Nonce string
}

// Key is the Redis key of the record of key in scope: the scope is its
// hash tag, so on a cluster a caller's records share one slot.
func (s *Store) Key(scope, key string) string { return s.cfg.Prefix + "{" + scope + "}:" + key }

// Begin starts an attempt of the request whose hash is given, under key
// in scope (the caller, so that keys of different callers never meet).
// token is saved with a new record; a resumed one keeps its own.
func (s *Store) Begin(ctx context.Context, scope, key, hash, token string) (Attempt, error) {
	a := Attempt{Key: s.Key(scope, key), Nonce: nonce()}
	now := s.cfg.Now().UnixMilli()
	res, err := begin.Run(ctx, s.rdb, []string{a.Key}, hash, token, now,
		s.cfg.Lease.Milliseconds(), s.cfg.Keep.Milliseconds(), a.Nonce).StringSlice()
	if err != nil || len(res) == 0 {
		return Attempt{}, fmt.Errorf("idempotency begin %s: %w", a.Key, errors.Join(err, errShort(res)))
	}
	switch res[0] {
	case "new":
		a.Outcome, a.Token = Started, res[1]
	case "resume":
		a.Outcome, a.Token = Resumed, res[1]
	case "done":
		a.Outcome, a.Response = Replay, decodeResponse(res[1], res[2])
	case "busy":
		a.Outcome = InProgress
	case "reused":
		a.Outcome = Reused
	default:
		return Attempt{}, fmt.Errorf("idempotency begin %s: unexpected %q", a.Key, res[0])
	}
	return a, nil
}

// Complete saves the attempt's answer, to be replayed for Keep.
func (s *Store) Complete(ctx context.Context, a Attempt, r Response) error {
	err := complete.Run(ctx, s.rdb, []string{a.Key}, r.Status, r.Body, s.cfg.Keep.Milliseconds()).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("idempotency complete %s: %w", a.Key, err)
	}
	return nil
}

// Forget deletes the record of an attempt that did nothing, unless
// another attempt has taken it over.
func (s *Store) Forget(ctx context.Context, a Attempt) error {
	return s.settle(ctx, a, "forget")
}

// Abandon ends the attempt's lease now and keeps its token and hash, for
// an attempt that may have done part of its work: the next retry resumes.
func (s *Store) Abandon(ctx context.Context, a Attempt) error {
	return s.settle(ctx, a, "abandon")
}

func (s *Store) settle(ctx context.Context, a Attempt, how string) error {
	err := settle.Run(ctx, s.rdb, []string{a.Key}, a.Nonce, how).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("idempotency %s %s: %w", how, a.Key, err)
	}
	return nil
}

func nonce() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func errShort(res []string) error {
	if len(res) == 0 {
		return errors.New("empty reply")
	}
	return nil
}
