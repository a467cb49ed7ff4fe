package backends

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

// probed remembers, per test process, whether the server has transactions.
var probed struct {
	once sync.Once
	ok   bool
	err  error
}

// DynamoDBTransactions is like DynamoDB (a fresh table of the test's own)
// with transactions (dynamokv.Config.Transactions) enabled. It skips the
// test when DYNAMODB_ENDPOINT is not set or when the server has no
// TransactWriteItems (dynalite), as a probe finds out once per test process.
func DynamoDBTransactions(t testing.TB) *dynamokv.Store {
	t.Helper()
	endpoint := endpointOrSkip(t)
	probed.once.Do(func() { probed.ok, probed.err = probeTransactions(endpoint) })
	switch {
	case probed.err != nil:
		t.Fatalf("dynamodb transactions: %v", probed.err)
	case !probed.ok:
		t.Skip("the server at DYNAMODB_ENDPOINT has no TransactWriteItems")
	}
	return freshTable(t, dynamokv.Config{Endpoint: endpoint, Transactions: true})
}

// probeTransactions asks the server on a throwaway table.
func probeTransactions(endpoint string) (bool, error) {
	s, err := createTable(dynamokv.Config{Endpoint: endpoint, Transactions: true})
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	defer func() { _ = s.DeleteTable(ctx) }()
	return s.ProbeTransactions(ctx)
}
