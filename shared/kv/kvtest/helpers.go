package kvtest

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// pk returns a partition key no other test uses, the test's name and a
// random suffix, so that every test can share one store (one table) with the
// others and with earlier runs.
func pk(t *testing.T) string {
	return t.Name() + "#" + rand.Text()[:12]
}

// volume picks the size of a heavy test: fast for embedded backends, slow
// for remote ones.
func volume(f Features, fast, slow int) int {
	if f.Slow {
		return slow
	}
	return fast
}

// later is an expiry an hour ahead; earlier one an hour past, so that an
// item written with it is expired from the start. Neither depends on timing.
func later() time.Time   { return time.Now().Add(time.Hour).Truncate(time.Second) }
func earlier() time.Time { return time.Now().Add(-time.Hour).Truncate(time.Second) }

// item is a plain item of version 1 whose data names its sort key.
func item(p, sk string) kv.Item {
	return kv.Item{PK: p, SK: sk, Version: 1, Data: []byte("data of " + sk)}
}

// put writes an item and stops the test if that fails.
func put(t *testing.T, s kv.Store, it kv.Item, cond kv.Condition) {
	t.Helper()
	if err := s.Put(t.Context(), it, cond); err != nil {
		t.Fatalf("put %q/%q: %v", it.PK, it.SK, err)
	}
}

// seed writes items with WriteBatch and stops the test if that fails.
func seed(t *testing.T, s kv.Store, items []kv.Item) {
	t.Helper()
	if err := s.WriteBatch(t.Context(), items, nil); err != nil {
		t.Fatalf("seed %d items: %v", len(items), err)
	}
}

// get reads an item that must be there.
func get(t *testing.T, s kv.Store, p, sk string) kv.Item {
	t.Helper()
	it, err := s.Get(t.Context(), p, sk)
	if err != nil {
		t.Fatalf("get %q/%q: %v", p, sk, err)
	}
	return it
}

// wantErr checks that err is (or wraps) target.
func wantErr(t *testing.T, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}

// wantItem checks that the store holds exactly want under its key.
func wantItem(t *testing.T, s kv.Store, want kv.Item) {
	t.Helper()
	got, err := s.Get(t.Context(), want.PK, want.SK)
	if err != nil {
		t.Errorf("get %q/%q: %v, want the item", want.PK, want.SK, err)
		return
	}
	if d := diffItem(got, want); d != "" {
		t.Errorf("get %q/%q: %s", want.PK, want.SK, d)
	}
}

// wantAbsent checks that no live item has the key.
func wantAbsent(t *testing.T, s kv.Store, p, sk string) {
	t.Helper()
	it, err := s.Get(t.Context(), p, sk)
	if !errors.Is(err, kv.ErrNotFound) {
		t.Errorf("get %q/%q: got version %d and error %v, want %v", p, sk, it.Version, err, kv.ErrNotFound)
	}
}

// diffItem describes how got differs from want, or returns "". Expiry is
// compared in whole Unix seconds (truncated), data byte for byte (nil and
// empty are the same).
func diffItem(got, want kv.Item) string {
	switch {
	case got.PK != want.PK || got.SK != want.SK:
		return fmt.Sprintf("key %q/%q, want %q/%q", got.PK, got.SK, want.PK, want.SK)
	case got.SK2 != want.SK2:
		return fmt.Sprintf("SK2 %q, want %q", got.SK2, want.SK2)
	case got.Version != want.Version:
		return fmt.Sprintf("version %d, want %d", got.Version, want.Version)
	case got.ExpiresAt.IsZero() != want.ExpiresAt.IsZero():
		return fmt.Sprintf("expiry %v, want %v", got.ExpiresAt, want.ExpiresAt)
	case !want.ExpiresAt.IsZero() && got.ExpiresAt.Unix() != want.ExpiresAt.Unix():
		return fmt.Sprintf("expiry %d, want %d (Unix seconds)", got.ExpiresAt.Unix(), want.ExpiresAt.Unix())
	case !bytes.Equal(got.Data, want.Data):
		return fmt.Sprintf("data of %d bytes %.40q, want %d bytes %.40q", len(got.Data), got.Data, len(want.Data), want.Data)
	}
	return ""
}

// wantItems checks a list of items against the expected ones, in order.
func wantItems(t *testing.T, what string, got, want []kv.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d items %q, want %d %q", what, len(got), sks(got), len(want), sks(want))
		return
	}
	for i := range got {
		if d := diffItem(got[i], want[i]); d != "" {
			t.Errorf("%s: item %d: %s", what, i, d)
		}
	}
}
