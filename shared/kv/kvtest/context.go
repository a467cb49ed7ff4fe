package kvtest

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite, testCase{"context/cancelled", testCancelled})
}

// testCancelled makes every call with a context cancelled beforehand: each
// returns an error (which one is the backend's affair).
func testCancelled(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	put(t, s, item(p, "present"), kv.Always())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := map[string]func() error{
		"get": func() error {
			_, err := s.Get(ctx, p, "present")
			return err
		},
		"put":             func() error { return s.Put(ctx, item(p, "new"), kv.Always()) },
		"conditional put": func() error { return s.Put(ctx, item(p, "present"), kv.IfVersion(1)) },
		"delete":          func() error { return s.Delete(ctx, p, "present", kv.Always()) },
		"write batch":     func() error { return s.WriteBatch(ctx, items(p, numbered("b", 30)), nil) },
		"query": func() error {
			_, err := s.Query(ctx, kv.Query{PK: p, Limit: 10})
			return err
		},
		"query by SK2": func() error {
			_, err := s.Query(ctx, kv.Query{PK: p, BySK2: true, Limit: 10})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s with a cancelled context: no error", name)
		}
	}
}
