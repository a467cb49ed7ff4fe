package boltkv

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// TestSK2OrderWithZeroAndHighBytes checks the escaping of 0x00 in SK2 and
// the order of the highest bytes UTF-8 has (0xFF itself is not UTF-8, which
// kv.ValidateItem refuses).
func TestSK2OrderWithZeroAndHighBytes(t *testing.T) {
	s, _ := openTemp(t, Options{NoSync: true})
	sk2s := []string{"a", "a\x00", "a\x00\x00", "a\x00\x01", "a\x00b", "a\x01", "a\u00ff", "a\U0010FFFF",
		"\x00", "\x00\x00", "\x01", "\u00ff", "\U0010FFFF", "\U0010FFFF\x00", "\U0010FFFF\U0010FFFF", "b"}
	var want []kv.Item
	for i, sk2 := range sk2s {
		for _, sk := range []string{"y", "x\x00", "x"} { // ties broken by SK
			it := kv.Item{PK: "p", SK: fmt.Sprintf("%s%02d", sk, i), SK2: sk2}
			mustPut(t, s, it, kv.Always())
			want = append(want, it)
		}
	}
	mustPut(t, s, kv.Item{PK: "p", SK: "no-sk2"}, kv.Always())
	slices.SortFunc(want, bySK2)
	for _, limit := range []int{1, 2, 5, 100} {
		q := kv.Query{PK: "p", BySK2: true, Limit: limit}
		if got := sortKeys(queryAll(t, s, q)); !slices.Equal(got, sortKeys(want)) {
			t.Fatalf("forward, limit %d:\n got %q\nwant %q", limit, got, sortKeys(want))
		}
		q.Backward = true
		back := slices.Clone(want)
		slices.Reverse(back)
		if got := sortKeys(queryAll(t, s, q)); !slices.Equal(got, sortKeys(back)) {
			t.Fatalf("backward, limit %d:\n got %q\nwant %q", limit, got, sortKeys(back))
		}
	}
	q := kv.Query{PK: "p", BySK2: true, SKPrefix: "a\x00", Limit: 2}
	if got := sortKeys(queryAll(t, s, q)); len(got) != 12 || !strings.HasPrefix(got[0], "a\x00|") {
		t.Fatalf("prefix a\\x00: %q", got)
	}
	q = kv.Query{PK: "p", BySK2: true, SKFrom: "a\x00", SKTo: "a\x01", Limit: 3, Backward: true}
	if got := sortKeys(queryAll(t, s, q)); len(got) != 15 || !strings.HasPrefix(got[0], "a\x01|") || !strings.HasPrefix(got[14], "a\x00|") {
		t.Fatalf("range a\\x00..a\\x01: %q", got)
	}
}

func bySK2(a, b kv.Item) int {
	return cmp.Or(strings.Compare(a.SK2, b.SK2), strings.Compare(a.SK, b.SK))
}

func bySK(a, b kv.Item) int { return strings.Compare(a.SK, b.SK) }

// order is the ascending order of the query's keys.
func order(q kv.Query) func(a, b kv.Item) int {
	if q.BySK2 {
		return bySK2
	}
	return bySK
}

// TestQueryAgainstModel writes random items, with awkward bytes in every
// key, and checks random queries against a plain in-memory model.
func TestQueryAgainstModel(t *testing.T) {
	clk := newClock()
	s, _ := openTemp(t, Options{NoSync: true, Now: clk.Now})
	rng := rand.New(rand.NewPCG(1, 2))
	pks := []string{"p", "pp", "p\x00", "\U0010FFFF", strings.Repeat("k", 200)}
	model := map[kv.Key]kv.Item{}
	for range 600 {
		it := kv.Item{PK: pks[rng.IntN(len(pks))], SK: randKey(rng), Version: rng.Int64N(9)}
		if rng.IntN(2) == 0 {
			it.SK2 = randKey(rng)
		}
		if rng.IntN(4) == 0 {
			it.ExpiresAt = clk.Now().Add(time.Duration(rng.IntN(5)-2) * time.Second)
		}
		if rng.IntN(6) == 0 {
			if err := s.Delete(context.Background(), it.PK, it.SK, kv.Always()); err != nil {
				t.Fatal(err)
			}
			delete(model, it.Key())
			continue
		}
		mustPut(t, s, it, kv.Always())
		model[it.Key()] = it
	}
	compared := 0
	for i := range 400 {
		q := randQuery(rng, pks)
		want := modelQuery(model, q, clk.Now())
		if rng.IntN(2) == 0 { // resume from any position, stored or not
			at := kv.Item{PK: q.PK, SK: randKey(rng), SK2: randKey(rng)}
			q.Cursor = kv.EncodeCursor(at, q.BySK2)
			want = slices.DeleteFunc(want, func(it kv.Item) bool {
				c := order(q)(it, at)
				return c == 0 || (c < 0) != q.Backward
			})
		}
		got := queryAll(t, s, q)
		if !slices.Equal(sortKeys(got), sortKeys(want)) {
			t.Fatalf("query %d %+v:\n got %q\nwant %q", i, q, sortKeys(got), sortKeys(want))
		}
		for j := range got {
			assertItem(t, got[j], want[j])
		}
		compared += len(got)
	}
	if compared < 1000 {
		t.Fatalf("only %d items compared: the random queries select too little", compared)
	}
}

// randKey draws 1 to 3 characters from a small alphabet with the lowest
// and highest bytes UTF-8 allows.
func randKey(rng *rand.Rand) string {
	alphabet := []rune{0, 1, 'a', 'b', 0xFF, 0x10FFFF}
	r := make([]rune, 1+rng.IntN(3))
	for i := range r {
		r[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(r)
}

func randQuery(rng *rand.Rand, pks []string) kv.Query {
	q := kv.Query{PK: pks[rng.IntN(len(pks))], BySK2: rng.IntN(2) == 0,
		Backward: rng.IntN(2) == 0, Limit: 1 + rng.IntN(8)}
	switch rng.IntN(5) {
	case 0:
		q.SKPrefix = string([]rune(randKey(rng))[:1])
	case 1:
		q.SKPrefix = randKey(rng)
	case 2:
		q.SKFrom = randKey(rng)
	case 3:
		q.SKTo = randKey(rng)
	case 4:
		q.SKFrom, q.SKTo = randKey(rng), randKey(rng)
		if q.SKFrom > q.SKTo {
			q.SKFrom, q.SKTo = q.SKTo, q.SKFrom
		}
	}
	return q
}

// modelQuery is what every page of q, joined, must hold.
func modelQuery(model map[kv.Key]kv.Item, q kv.Query, now time.Time) []kv.Item {
	var out []kv.Item
	for _, it := range model {
		key := it.SK
		if q.BySK2 {
			key = it.SK2
		}
		if it.PK == q.PK && !kv.Expired(it, now) && (!q.BySK2 || it.SK2 != "") && q.Matches(key) {
			it.ExpiresAt = it.ExpiresAt.Truncate(time.Second)
			out = append(out, it)
		}
	}
	slices.SortFunc(out, order(q))
	if q.Backward {
		slices.Reverse(out)
	}
	return out
}
