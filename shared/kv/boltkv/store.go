package boltkv

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Defaults of Options.
const (
	DefaultLockTimeout   = 5 * time.Second
	DefaultMaxBatchDelay = time.Millisecond
)

// Options configure a Store. The zero value is a durable store.
type Options struct {
	// NoSync skips the fsync of every commit: a crash of the machine (not
	// only of the process) may lose answered writes or corrupt the file.
	// For tests and benchmarks only.
	NoSync bool
	// Now tells the time that decides expiry; time.Now when nil.
	Now func() time.Time
	// LockTimeout is how long Open waits for another process to release
	// the file before it fails; DefaultLockTimeout when zero.
	LockTimeout time.Duration
	// MaxBatchDelay is how long a write that finds others in flight waits
	// for more to join its group commit; DefaultMaxBatchDelay when zero.
	// bbolt's own default, 10ms, suits disks slower than today's.
	MaxBatchDelay time.Duration
	// TracerProvider makes the client span of each call ("boltkv.Put"
	// and so on); the global provider when nil.
	TracerProvider trace.TracerProvider
}

func (o *Options) setDefaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.MaxBatchDelay <= 0 {
		o.MaxBatchDelay = DefaultMaxBatchDelay
	}
}

// Store is a kv.Store kept in one bbolt file. It is safe for concurrent
// use by the goroutines of one process.
type Store struct {
	db     *bbolt.DB
	now    func() time.Time
	tracer trace.Tracer
	// writers counts the writes in flight, to choose between a solo
	// transaction and group commit.
	writers atomic.Int64
}

var _ kv.Store = (*Store)(nil)

// Open opens the store in the file at path, creating it if need be. It
// fails after opts.LockTimeout when another process holds the file.
func Open(path string, opts Options) (*Store, error) {
	opts.setDefaults()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout: opts.LockTimeout,
		NoSync:  opts.NoSync,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("boltkv open %s: file locked by another process, gave up after %s: %w",
			path, opts.LockTimeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("boltkv open %s: %w", path, err)
	}
	db.MaxBatchDelay = opts.MaxBatchDelay
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketItems, bucketSK2, bucketExpiry} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("boltkv open %s: create buckets: %w", path, err)
	}
	return &Store{db: db, now: opts.Now, tracer: tracerOf(opts.TracerProvider)}, nil
}

// Close waits for the transactions in progress and closes the file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("boltkv close: %w", err)
	}
	return nil
}

// update runs fn in a write transaction: alone when no other write is in
// flight, so that a lone writer does not wait for the batch timer, and
// through group commit otherwise. fn may run more than once (bbolt re-runs
// a batch when one of its functions fails) and must be idempotent.
func (s *Store) update(fn func(*bbolt.Tx) error) error {
	defer s.writers.Add(-1)
	if s.writers.Add(1) == 1 {
		return s.db.Update(fn)
	}
	return s.db.Batch(fn)
}
