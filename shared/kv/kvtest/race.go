package kvtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"race/if_version", testRaceIfVersion},
		testCase{"race/if_absent", testRaceIfAbsent},
		testCase{"race/counter", testRaceCounter},
	)
}

// writers is how many goroutines race for one item.
func writers(f Features) int { return volume(f, 20, 10) }

// race runs write in n goroutines released at once and returns their
// errors, indexed by goroutine.
func race(n int, write func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = write(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// winner checks that exactly one write succeeded and all others failed
// their condition, and returns the one that succeeded.
func winner(t *testing.T, errs []error) int {
	t.Helper()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Errorf("writers %d and %d both succeeded", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, kv.ErrConditionFailed):
			t.Errorf("writer %d: %v, want %v", i, err, kv.ErrConditionFailed)
		}
	}
	if won < 0 {
		t.Fatalf("no writer of %d succeeded", len(errs))
	}
	return won
}

// testRaceIfVersion lets writers race to move an item from version 1 to 2.
func testRaceIfVersion(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	put(t, s, kv.Item{PK: p, SK: "contended", Version: 1, Data: []byte("initial")}, kv.Always())
	write := func(i int) kv.Item {
		return kv.Item{PK: p, SK: "contended", SK2: fmt.Sprintf("W#%02d", i), Version: 2, Data: fmt.Appendf(nil, "writer %d", i)}
	}
	errs := race(writers(f), func(i int) error {
		return s.Put(t.Context(), write(i), kv.IfVersion(1))
	})
	wantItem(t, s, write(winner(t, errs)))
}

// testRaceIfAbsent lets writers race to create one item.
func testRaceIfAbsent(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	write := func(i int) kv.Item {
		return kv.Item{PK: p, SK: "created", Version: int64(i), Data: fmt.Appendf(nil, "writer %d", i)}
	}
	errs := race(writers(f), func(i int) error {
		return s.Put(t.Context(), write(i), kv.IfAbsent())
	})
	wantItem(t, s, write(winner(t, errs)))
}

// testRaceCounter has each writer increment one item once, retrying when
// it loses: no update is lost, neither from the version nor from the data,
// to which each writer appends its number.
func testRaceCounter(t *testing.T, s kv.Store, f Features) {
	p := pk(t)
	const initial = 100
	put(t, s, kv.Item{PK: p, SK: "counter", Version: initial}, kv.Always())
	n := writers(f)
	errs := race(n, func(i int) error { return increment(t.Context(), s, p, byte(i), 50*n) })
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	got := get(t, s, p, "counter")
	if got.Version != initial+int64(n) {
		t.Errorf("version %d after %d increments of %d: updates lost", got.Version, n, initial)
	}
	order, want := slices.Sorted(slices.Values(got.Data)), make([]byte, n)
	for i := range want {
		want[i] = byte(i)
	}
	if !slices.Equal(order, want) {
		t.Errorf("writers in the data: %v, want each of 0 to %d once", got.Data, n-1)
	}
}

// increment reads the counter and writes it back one version up with w
// appended to its data, on condition that its version has not moved, until
// that succeeds or it has tried rounds times.
func increment(ctx context.Context, s kv.Store, p string, w byte, rounds int) error {
	for range rounds {
		old, err := s.Get(ctx, p, "counter")
		if err != nil {
			return err
		}
		next := kv.Item{PK: p, SK: "counter", Version: old.Version + 1, Data: append(slices.Clip(old.Data), w)}
		err = s.Put(ctx, next, kv.IfVersion(old.Version))
		if !errors.Is(err, kv.ErrConditionFailed) {
			return err
		}
	}
	return fmt.Errorf("lost %d rounds in a row", rounds)
}
