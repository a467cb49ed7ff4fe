package dynamokv

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest"
)

// newTestStore creates a table of its own on the server named by
// DYNAMODB_ENDPOINT, deleted when the test ends; without a server the test
// is skipped. The store uses transactions when the server has them
// (DynamoDB Local, not dynalite), so that the conformance suite tests them.
func newTestStore(tb testing.TB) *Store {
	tb.Helper()
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		tb.Skip("DYNAMODB_ENDPOINT is not set: no DynamoDB-compatible server to test against")
	}
	s, err := New(Config{Endpoint: endpoint, Table: "kvtest-" + strings.ToLower(rand.Text()[:16]), Transactions: true})
	if err != nil {
		tb.Fatalf("new store: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.CreateTable(ctx); err != nil {
		tb.Fatalf("create table: %v", err)
	}
	if s.transactions, err = s.ProbeTransactions(ctx); err != nil {
		tb.Fatalf("probe transactions: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.DeleteTable(ctx); err != nil {
			tb.Errorf("delete table: %v", err)
		}
	})
	return s
}

// TestConformance runs the kv conformance suite against one table.
func TestConformance(t *testing.T) {
	s := newTestStore(t)
	kvtest.Run(t, s, kvtest.Features{Slow: true})
}
