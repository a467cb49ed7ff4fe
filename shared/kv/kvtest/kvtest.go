// Package kvtest is the conformance suite every kv.Store backend must pass:
// conditions that hold and fail, expiry, pagination, ordering, racing
// conditional writers, large items, the mapping of failures to the
// sentinels of package kv, and, for stores that offer them
// (kv.TransactorOf), transactions: all or nothing, racing, validation.
package kvtest

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Features tells the suite what a backend is like.
type Features struct {
	// Slow backends (remote servers) get smaller volumes in the heavier
	// tests; correctness checks are the same.
	Slow bool
}

// Run runs the whole suite against the store. The store may be shared by all
// tests (one DynamoDB table): every test writes under partition keys of its
// own.
func Run(t *testing.T, store kv.Store, f Features) {
	t.Helper()
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, store, f)
		})
	}
}

type testCase struct {
	name string
	run  func(t *testing.T, s kv.Store, f Features)
}

// suite holds every case, named area/case (put_get, conditions, delete,
// expiry, batch, query, paginate, sk2, cursor, race, limits, context);
// each file of the package registers its own in init.
var suite []testCase
