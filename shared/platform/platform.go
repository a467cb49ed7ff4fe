// Package platform builds what a function needs from the environment
// OpenFaaS gives it (contract section 2): lazily, on the first call that
// needs it, and again on a later call if building failed, so that nothing
// connects at start and a dependency that was down is picked up once it is
// back.
package platform

import (
	"context"
	"fmt"
	"sync"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

// Lazy holds a value built on first use; a failed build is retried on the
// next Get. It is safe for concurrent use.
type Lazy[T any] struct {
	build func(ctx context.Context) (T, error)
	mu    sync.Mutex
	value T
	built bool
}

// NewLazy returns a Lazy that builds its value with build.
func NewLazy[T any](build func(ctx context.Context) (T, error)) *Lazy[T] {
	return &Lazy[T]{build: build}
}

// Get returns the value, building it if it has not been built yet.
func (l *Lazy[T]) Get(ctx context.Context) (T, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.built {
		return l.value, nil
	}
	v, err := l.build(ctx)
	if err != nil {
		return v, err
	}
	l.value, l.built = v, true
	return v, nil
}

// DefaultTable is the table name when DYNAMODB_TABLE is not set.
const DefaultTable = "ordercenter"

// Store opens the DynamoDB-compatible store named by DYNAMODB_ENDPOINT
// (empty: AWS) and DYNAMODB_TABLE. DYNAMODB_TRANSACTIONS=true lets the
// order repository commit each change in one TransactWriteItems call (two
// round trips instead of four, at twice the write units; only on stores
// that have transactions: AWS and DynamoDB Local, not Alternator). It
// makes no network call.
func Store(getenv Getenv) (kv.Store, error) {
	table := getenv("DYNAMODB_TABLE")
	if table == "" {
		table = DefaultTable
	}
	tx, err := transactions(getenv("DYNAMODB_TRANSACTIONS"))
	if err != nil {
		return nil, err
	}
	s, err := dynamokv.New(dynamokv.Config{Endpoint: getenv("DYNAMODB_ENDPOINT"), Table: table, Transactions: tx})
	if err != nil {
		return nil, fmt.Errorf("store from environment: %w", err)
	}
	return s, nil
}

// transactions reads DYNAMODB_TRANSACTIONS: empty or false, off; true, on.
func transactions(v string) (bool, error) {
	switch v {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, fmt.Errorf("DYNAMODB_TRANSACTIONS %q: want true or false", v)
}
