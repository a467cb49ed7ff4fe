// Package backends gives tests of code above the kv store the real stores
// to run against: always the embedded bbolt store, and DynamoDB (Local,
// dynalite, Alternator or AWS) whenever DYNAMODB_ENDPOINT is set, the latter
// also with transactions where the server has them.
package backends

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
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

// DynamoDB returns a store on a fresh table of its own at
// DYNAMODB_ENDPOINT, deleted when the test ends, so that a test sees only
// its own data however often it runs; it skips the test when the variable
// is not set.
func DynamoDB(t testing.TB) *dynamokv.Store {
	t.Helper()
	return freshTable(t, dynamokv.Config{Endpoint: endpointOrSkip(t)})
}

// DynamoDBTable creates a fresh table as DynamoDB does and returns where
// it is, for tests that configure a function as a deployment would
// (DYNAMODB_ENDPOINT, DYNAMODB_TABLE); it skips the test when the variable
// is not set.
func DynamoDBTable(t testing.TB) (endpoint, table string) {
	t.Helper()
	s := DynamoDB(t)
	return os.Getenv("DYNAMODB_ENDPOINT"), s.Table()
}

func endpointOrSkip(t testing.TB) string {
	t.Helper()
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DYNAMODB_ENDPOINT not set: no DynamoDB-compatible server to test against")
	}
	return endpoint
}

// freshTable creates a table for the test and deletes it when it ends.
func freshTable(t testing.TB, cfg dynamokv.Config) *dynamokv.Store {
	t.Helper()
	s, err := createTable(cfg)
	if err != nil {
		t.Fatalf("dynamodb test table at %s: %v", cfg.Endpoint, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = s.DeleteTable(ctx)
	})
	return s
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

// Unreachable is a DynamoDB store whose server is not there (a loopback
// port nobody listens on, one attempt per call): every call fails fast
// with kv.ErrUnavailable, as a store that is down.
func Unreachable(t testing.TB) *dynamokv.Store {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	s, err := dynamokv.New(dynamokv.Config{Endpoint: "http://" + addr, Table: "unreachable", MaxAttempts: 1})
	if err != nil {
		t.Fatalf("unreachable store: %v", err)
	}
	return s
}
