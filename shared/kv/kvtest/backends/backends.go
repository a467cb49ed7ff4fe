// Package backends gives tests of code above the kv store the real stores
// to run against: always the embedded bbolt store, and DynamoDB (Local,
// dynalite, Alternator or AWS) whenever DYNAMODB_ENDPOINT is set, the latter
// also with transactions where the server has them.
package backends

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

// Each runs fn as a subtest against every available backend, named "bolt"
// and "dynamodb".
func Each(t *testing.T, fn func(t *testing.T, s kv.Store)) {
	t.Helper()
	t.Run("bolt", func(t *testing.T) { fn(t, Bolt(t)) })
	t.Run("dynamodb", func(t *testing.T) { fn(t, DynamoDB(t)) })
}

// Bolt opens a fresh embedded store in the test's temporary directory,
// closed when the test ends. Commits are not fsync'd.
func Bolt(t testing.TB) *boltkv.Store {
	t.Helper()
	return openBolt(t, boltkv.Options{NoSync: true})
}

// BoltDurable is Bolt with every commit fsync'd, as the local runner uses
// it: for benchmarks.
func BoltDurable(t testing.TB) *boltkv.Store {
	t.Helper()
	return openBolt(t, boltkv.Options{})
}

func openBolt(t testing.TB, opts boltkv.Options) *boltkv.Store {
	t.Helper()
	s, err := boltkv.Open(filepath.Join(t.TempDir(), "store.db"), opts)
	if err != nil {
		t.Fatalf("open bolt store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

var shared struct {
	once  sync.Once
	store *dynamokv.Store
	err   error
}

// DynamoDB returns a store on a table created once per test process at
// DYNAMODB_ENDPOINT (tests keep apart by their keys), or skips the test when
// the variable is not set. The table is left behind: test servers run in
// memory.
func DynamoDB(t testing.TB) *dynamokv.Store {
	t.Helper()
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DYNAMODB_ENDPOINT not set: no DynamoDB-compatible server to test against")
	}
	shared.once.Do(func() { shared.store, shared.err = createTable(dynamokv.Config{Endpoint: endpoint}) })
	if shared.err != nil {
		t.Fatalf("dynamodb test table at %s: %v", endpoint, shared.err)
	}
	return shared.store
}

// createTable creates a table of a random name for the store of cfg.
func createTable(cfg dynamokv.Config) (*dynamokv.Store, error) {
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	cfg.Table = "test-" + hex.EncodeToString(suffix)
	s, err := dynamokv.New(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = s.CreateTable(ctx)
	return s, err
}
