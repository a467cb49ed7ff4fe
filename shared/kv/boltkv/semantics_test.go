package boltkv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func TestConditions(t *testing.T) {
	clk := newClock()
	s, _ := openTemp(t, Options{NoSync: true, Now: clk.Now})
	// Stored states: none, live at version 5, expired at version 5.
	states := map[string]*kv.Item{
		"absent":  nil,
		"live":    {Version: 5},
		"expired": {Version: 5, ExpiresAt: clk.Now().Add(-time.Second)},
	}
	conds := map[string]kv.Condition{
		"always": kv.Always(), "absent": kv.IfAbsent(), "exists": kv.IfExists(),
		"version5": kv.IfVersion(5), "version4": kv.IfVersion(4),
		"below6": kv.IfVersionBelow(6), "below5": kv.IfVersionBelow(5),
	}
	holds := map[string][]string{
		"absent":  {"always", "absent", "below6", "below5"},
		"live":    {"always", "exists", "version5", "below6"},
		"expired": {"always", "absent", "below6", "below5"},
	}
	for state, stored := range states {
		for name, cond := range conds {
			want := contains(holds[state], name)
			for _, op := range []string{"put", "delete"} {
				pk := fmt.Sprintf("%s-%s-%s", state, name, op)
				if stored != nil {
					it := *stored
					it.PK, it.SK = pk, "s"
					mustPut(t, s, it, kv.Always())
				}
				err := conditionalWrite(s, op, pk, cond)
				if want != (err == nil) || (err != nil && !errors.Is(err, kv.ErrConditionFailed)) {
					t.Errorf("%s on %s item with %s: %v", op, state, name, err)
				}
			}
		}
	}
}

func conditionalWrite(s *Store, op, pk string, cond kv.Condition) error {
	ctx := context.Background()
	if op == "put" {
		return s.Put(ctx, kv.Item{PK: pk, SK: "s", Version: 9}, cond)
	}
	return s.Delete(ctx, pk, "s", cond)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGetPutDelete(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := openTemp(t, Options{NoSync: true, Now: clk.Now})
	exp := clk.Now().Add(1500 * time.Millisecond) // kept as +1s
	mustPut(t, s, kv.Item{PK: "p", SK: "s", SK2: "old", Data: []byte{}}, kv.Always())
	mustPut(t, s, kv.Item{PK: "p", SK: "s", SK2: "new", Version: 2, ExpiresAt: exp}, kv.IfVersion(0))
	got, err := s.Get(ctx, "p", "s")
	if err != nil {
		t.Fatal(err)
	}
	assertItem(t, got, kv.Item{PK: "p", SK: "s", SK2: "new", Version: 2, ExpiresAt: exp.Truncate(time.Second)})
	if got.Data != nil {
		t.Errorf("nil data came back as %#v", got.Data)
	}
	if keys := sortKeys(queryAll(t, s, kv.Query{PK: "p", BySK2: true, Limit: 5})); strings.Join(keys, ",") != "new|s" {
		t.Errorf("SK2 index after rewrite: %q", keys)
	}
	clk.Advance(time.Second)
	if _, err := s.Get(ctx, "p", "s"); !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("expired get: %v", err)
	}
	if err := s.Delete(ctx, "p", "s", kv.Always()); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "p", "s", kv.Always()); err != nil {
		t.Errorf("deleting an absent item: %v", err)
	}
	if counts := bucketCounts(t, s); counts["items"]+counts["sk2"]+counts["expiry"] != 0 {
		t.Errorf("entries left after delete: %v", counts)
	}
}

func TestValidation(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{NoSync: true})
	big := kv.Item{PK: "p", SK: "s", Data: make([]byte, kv.MaxItemBytes)}
	cases := map[string]struct {
		err  error
		want error
	}{
		"put empty pk":   {s.Put(ctx, kv.Item{SK: "s"}, kv.Always()), kv.ErrInvalidKey},
		"put too large":  {s.Put(ctx, big, kv.Always()), kv.ErrTooLarge},
		"delete no sk":   {s.Delete(ctx, "p", "", kv.Always()), kv.ErrInvalidKey},
		"batch dup keys": {s.WriteBatch(ctx, []kv.Item{{PK: "p", SK: "s"}}, []kv.Key{{PK: "p", SK: "s"}}), kv.ErrInvalidKey},
		"query limit":    {queryErr(s, kv.Query{PK: "p"}), kv.ErrInvalidQuery},
		"query cursor":   {queryErr(s, kv.Query{PK: "p", Limit: 1, Cursor: "!!"}), kv.ErrInvalidCursor},
	}
	cases["get no pk"] = struct{ err, want error }{getErr(s, "", "s"), kv.ErrInvalidKey}
	for name, c := range cases {
		if !errors.Is(c.err, c.want) || !strings.HasPrefix(c.err.Error(), "boltkv ") {
			t.Errorf("%s: %v, want %v", name, c.err, c.want)
		}
	}
	if n := bucketCounts(t, s)["items"]; n != 0 {
		t.Errorf("refused writes left %d items", n)
	}
}

func queryErr(s *Store, q kv.Query) error {
	_, err := s.Query(context.Background(), q)
	return err
}

func getErr(s *Store, pk, sk string) error {
	_, err := s.Get(context.Background(), pk, sk)
	return err
}

func TestWriteBatch(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{NoSync: true})
	mustPut(t, s, kv.Item{PK: "p", SK: "gone", SK2: "x"}, kv.Always())
	var puts []kv.Item
	for i := range 60 {
		puts = append(puts, kv.Item{PK: "p", SK: fmt.Sprintf("%03d", i), SK2: "y"})
	}
	if err := s.WriteBatch(ctx, puts, []kv.Key{{PK: "p", SK: "gone"}, {PK: "p", SK: "never"}}); err != nil {
		t.Fatal(err)
	}
	if got := queryAll(t, s, kv.Query{PK: "p", BySK2: true, Limit: 7}); len(got) != 60 || got[0].SK != "000" {
		t.Fatalf("after batch: %d items", len(got))
	}
}

// TestRacingConditionalWriters checks that IfVersion admits exactly one
// writer per version when many race through group commit.
func TestRacingConditionalWriters(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t, Options{NoSync: true})
	mustPut(t, s, kv.Item{PK: "p", SK: "counter"}, kv.IfAbsent())
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for done := 0; done < each; {
				it, err := s.Get(ctx, "p", "counter")
				if err != nil {
					t.Error(err)
					return
				}
				next := kv.Item{PK: "p", SK: "counter", Version: it.Version + 1}
				switch err := s.Put(ctx, next, kv.IfVersion(it.Version)); {
				case err == nil:
					done++
				case !errors.Is(err, kv.ErrConditionFailed):
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if it, err := s.Get(ctx, "p", "counter"); err != nil || it.Version != workers*each {
		t.Fatalf("counter at %d, want %d (%v)", it.Version, workers*each, err)
	}
}
