package kvtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"batch/puts_and_deletes", testBatchPutsAndDeletes},
		testCase{"batch/more_than_max_batch", testBatchLarge},
		testCase{"batch/duplicate_keys", testBatchDuplicates},
		testCase{"batch/invalid_items", testBatchInvalid},
		testCase{"batch/empty", testBatchEmpty},
	)
}

// testBatchPutsAndDeletes mixes puts (new and replacing) and deletes
// (present and absent keys) in one call.
func testBatchPutsAndDeletes(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	old := kv.Item{PK: p, SK: "replaced", SK2: "IDX#r", Version: 4, ExpiresAt: later(), Data: []byte("old")}
	put(t, s, old, kv.Always())
	put(t, s, item(p, "deleted"), kv.Always())
	replaced := kv.Item{PK: p, SK: "replaced", Version: 5, Data: []byte("new")}
	added := kv.Item{PK: p, SK: "added", SK2: "IDX#a", Version: 1, ExpiresAt: later(), Data: []byte{0, 1}}
	err := s.WriteBatch(t.Context(), []kv.Item{replaced, added},
		[]kv.Key{{PK: p, SK: "deleted"}, {PK: p, SK: "never"}})
	if err != nil {
		t.Fatalf("write batch: %v", err)
	}
	wantItem(t, s, replaced)
	wantItem(t, s, added)
	wantAbsent(t, s, p, "deleted")
	wantAbsent(t, s, p, "never")
	wantKeys(t, "query by SK2", sks(query(t, s, kv.Query{PK: p, BySK2: true, Limit: 10}).Items), []string{"added"})
}

// testBatchLarge writes and deletes more than MaxBatch items per call,
// across two partitions.
func testBatchLarge(t *testing.T, s kv.Store, _ Features) {
	p, q := pk(t), pk(t)
	first := slices.Concat(items(p, numbered("a", 50)), items(q, numbered("a", 10)))
	seed(t, s, first)
	wantKeys(t, "first batch", sks(readAll(t, s, kv.Query{PK: p, Limit: 100}, 50)), numbered("a", 50))
	var deletes []kv.Key
	for _, sk := range numbered("a", 40) {
		deletes = append(deletes, kv.Key{PK: p, SK: sk})
	}
	puts := items(p, numbered("b", 30))
	if err := s.WriteBatch(t.Context(), puts, deletes); err != nil {
		t.Fatalf("write batch of %d puts and %d deletes: %v", len(puts), len(deletes), err)
	}
	want := slices.Concat(numbered("a", 50)[40:], numbered("b", 30))
	got := readAll(t, s, kv.Query{PK: p, Limit: 100}, len(want))
	wantKeys(t, "second batch", sks(got), want)
	wantItems(t, "second batch puts", got[10:], puts)
	wantKeys(t, "other partition", sks(query(t, s, kv.Query{PK: q, Limit: 100}).Items), numbered("a", 10))
}

// testBatchDuplicates sends batches with one key twice, after more than a
// chunk of good items: the batch is refused and nothing of it is written.
func testBatchDuplicates(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	put(t, s, item(p, "kept"), kv.Always())
	good := items(p, numbered("good", 2*kv.MaxBatch))
	cases := []struct {
		name    string
		puts    []kv.Item
		deletes []kv.Key
	}{
		{"two puts", slices.Concat(good, []kv.Item{item(p, "dup"), item(p, "dup")}), nil},
		{"put and delete", slices.Concat(good, []kv.Item{item(p, "dup")}), []kv.Key{{PK: p, SK: "dup"}}},
		{"two deletes", good, []kv.Key{{PK: p, SK: "kept"}, {PK: p, SK: "kept"}}},
	}
	for _, c := range cases {
		err := s.WriteBatch(t.Context(), c.puts, c.deletes)
		wantErr(t, err, kv.ErrInvalidKey, c.name)
		wantKeys(t, c.name+": partition after", sks(query(t, s, kv.Query{PK: p, Limit: 100}).Items), []string{"kept"})
	}
}

// testBatchInvalid sends batches holding one bad item after good ones:
// the batch is refused with the sentinel of the item's fault and nothing of
// it is written.
func testBatchInvalid(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	good := items(p, numbered("good", kv.MaxBatch+5))
	huge := item(p, "huge")
	huge.Data = make([]byte, kv.MaxItemBytes)
	cases := []struct {
		name    string
		puts    []kv.Item
		deletes []kv.Key
		want    error
	}{
		{"empty sort key", slices.Concat(good, []kv.Item{item(p, "")}), nil, kv.ErrInvalidKey},
		{"long sort key", slices.Concat(good, []kv.Item{item(p, strings.Repeat("s", kv.MaxSKBytes+1))}), nil, kv.ErrInvalidKey},
		{"empty partition key delete", good, []kv.Key{{SK: "x"}}, kv.ErrInvalidKey},
		{"too large", slices.Concat(good, []kv.Item{huge}), nil, kv.ErrTooLarge},
	}
	for _, c := range cases {
		err := s.WriteBatch(t.Context(), c.puts, c.deletes)
		wantErr(t, err, c.want, c.name)
		if page := query(t, s, kv.Query{PK: p, Limit: 100}); len(page.Items) != 0 {
			t.Errorf("%s: batch refused, yet %d items written", c.name, len(page.Items))
		}
	}
}

// testBatchEmpty sends batches with nothing in them.
func testBatchEmpty(t *testing.T, s kv.Store, _ Features) {
	if err := s.WriteBatch(t.Context(), nil, nil); err != nil {
		t.Errorf("nil batch: %v", err)
	}
	if err := s.WriteBatch(t.Context(), []kv.Item{}, []kv.Key{}); err != nil {
		t.Errorf("empty batch: %v", err)
	}
	p := pk(t)
	if err := s.WriteBatch(t.Context(), nil, []kv.Key{{PK: p, SK: "k"}}); err != nil {
		t.Errorf("batch of one delete of an absent key: %v", err)
	}
}
