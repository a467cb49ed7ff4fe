package embedded

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// Redis is an in-process Redis-protocol server (miniredis): every command
// the order center uses, Lua scripts included. Its data lives in memory
// and in a snapshot file: loaded at start, written (atomically) about
// every second while commands arrive and at Close. A crash loses what
// changed since the last snapshot. Its clock runs, so keys expire; keys
// keep expiring in real time while the server is stopped.
type Redis struct {
	srv  *miniredis.Miniredis
	path string
	log  *slog.Logger
	gate *gate
	// restored is how many keys the start loaded, taken when they were.
	restored int
	taken    time.Time
	// snapshotting is held by a periodic snapshot; lastCommands is the
	// command count at the last one.
	snapshotting sync.Mutex
	lastCommands int
	stop         chan struct{}
	done         chan struct{}
	closeOnce    sync.Once
	closeErr     error
}

// How often the clock advances and, at most, how often the data is
// written.
const (
	clockTick     = 500 * time.Millisecond
	snapshotEvery = time.Second
)

// StartRedis loads the snapshot at path when there is one (a key whose
// time to live ran out meanwhile is dropped) and starts the server on a
// free loopback port. A snapshot that cannot be read fails the start:
// move it away to start empty.
func StartRedis(path string, log *slog.Logger) (*Redis, error) {
	if log == nil {
		log = slog.Default()
	}
	r := &Redis{srv: miniredis.NewMiniRedis(), path: path, log: log,
		stop: make(chan struct{}), done: make(chan struct{})}
	n, taken, err := loadSnapshot(r.srv, path, time.Now())
	if err != nil {
		return nil, fmt.Errorf("embedded redis: snapshot %s (move it away to start with an empty Redis): %w", path, err)
	}
	r.restored, r.taken = n, taken
	if err := r.srv.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("embedded redis: %w", err)
	}
	r.gate = newGate(r.srv.Server())
	go r.loop()
	return r, nil
}

// URL is where clients connect, as a redis:// URL.
func (r *Redis) URL() string { return "redis://" + r.srv.Addr() }

// Restored is how many keys the start loaded from the snapshot, and when
// that snapshot was taken (zero when there was none).
func (r *Redis) Restored() (keys int, taken time.Time) { return r.restored, r.taken }

// Close stops the server (its clients are disconnected) and writes the
// last snapshot.
func (r *Redis) Close() error {
	r.closeOnce.Do(func() {
		close(r.stop)
		<-r.done
		r.srv.Close()
		r.closeErr = r.write(capture(r.srv, time.Now()))
	})
	return r.closeErr
}

// loop advances the clock and writes snapshots; after a slow snapshot it
// waits ten times as long before the next one, so that a large data set
// costs its clients a bounded share of the time.
func (r *Redis) loop() {
	defer close(r.done)
	clock := time.NewTicker(clockTick)
	defer clock.Stop()
	last, next := time.Now(), time.Now().Add(snapshotEvery)
	for {
		select {
		case <-r.stop:
			return
		case now := <-clock.C:
			r.srv.FastForward(now.Sub(last))
			last = now
			if now.Before(next) {
				continue
			}
			began := time.Now()
			if err := r.snapshot(); err != nil {
				r.log.Error("embedded redis: snapshot not written; the last one is kept", "path", r.path, "err", err)
			}
			next = time.Now().Add(max(snapshotEvery, 10*time.Since(began)))
		}
	}
}

// snapshot writes the data when a command arrived since the last
// snapshot. The clients are held off while the data is read, so that a
// snapshot never holds half of a script or a transaction.
func (r *Redis) snapshot() error {
	r.snapshotting.Lock()
	defer r.snapshotting.Unlock()
	commands := r.srv.CommandCount()
	if commands == r.lastCommands {
		return nil
	}
	r.gate.close()
	s := capture(r.srv, time.Now())
	r.gate.open()
	if err := r.write(s); err != nil {
		return err
	}
	r.lastCommands = commands
	return nil
}

func (r *Redis) write(s *snapshot) error {
	if s.skipped > 0 {
		r.log.Warn("embedded redis: keys of types the snapshot does not keep (streams, HyperLogLogs) are lost at restart",
			"keys", s.skipped)
	}
	return s.write(r.path)
}
