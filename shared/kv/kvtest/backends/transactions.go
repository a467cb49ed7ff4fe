package backends

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

var sharedTx struct {
	once  sync.Once
	store *dynamokv.Store
	ok    bool
	err   error
}

// DynamoDBTransactions is like DynamoDB, on a table of its own (so that
// tests writing fixed keys can run on both), with transactions
// (dynamokv.Config.Transactions) enabled. It skips the test when
// DYNAMODB_ENDPOINT is not set or when the server has no TransactWriteItems
// (dynalite), as a probe finds out once per test process.
func DynamoDBTransactions(t testing.TB) *dynamokv.Store {
	t.Helper()
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DYNAMODB_ENDPOINT not set: no DynamoDB-compatible server to test against")
	}
	sharedTx.once.Do(func() {
		sharedTx.store, sharedTx.ok, sharedTx.err = transactional(endpoint)
	})
	switch {
	case sharedTx.err != nil:
		t.Fatalf("dynamodb transactions: %v", sharedTx.err)
	case !sharedTx.ok:
		t.Skip("the server at DYNAMODB_ENDPOINT has no TransactWriteItems")
	}
	return sharedTx.store
}

func transactional(endpoint string) (*dynamokv.Store, bool, error) {
	s, err := createTable(dynamokv.Config{Endpoint: endpoint, Transactions: true})
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ok, err := s.ProbeTransactions(ctx)
	return s, ok, err
}
