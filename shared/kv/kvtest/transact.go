package kvtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"transact/all_or_nothing", testTransactAllOrNothing},
		testCase{"transact/conditions_on_several_items", testTransactConditions},
		testCase{"transact/puts_and_deletes", testTransactPutsAndDeletes},
		testCase{"transact/race", testTransactRace},
		testCase{"transact/invalid_writes_nothing", testTransactInvalid},
		testCase{"transact/empty", testTransactEmpty},
	)
}

// transactor returns the store's transactions, or skips the test when the
// store has none: transactions are optional.
func transactor(t *testing.T, s kv.Store) kv.Transactor {
	t.Helper()
	tx, ok := kv.TransactorOf(s)
	if !ok {
		t.Skip("the store offers no transactions")
	}
	return tx
}

// testTransactAllOrNothing has one condition of four fail: nothing is
// written, and the error names the failing write.
func testTransactAllOrNothing(t *testing.T, s kv.Store, _ Features) {
	tx, p := transactor(t, s), pk(t)
	kept, doomed := item(p, "kept"), item(p, "doomed")
	seed(t, s, []kv.Item{kept, doomed})
	err := tx.Transact(t.Context(), []kv.Write{
		kv.PutWrite(item(p, "new"), kv.Always()),
		kv.DeleteWrite(doomed.Key(), kv.IfVersion(1)),
		kv.PutWrite(kv.Item{PK: p, SK: "kept", Version: 3, Data: []byte("moved")}, kv.IfVersion(2)),
		kv.PutWrite(item(p, "other"), kv.IfAbsent()),
	})
	wantErr(t, err, kv.ErrConditionFailed, "transaction with a failing condition")
	var ce *kv.ConditionError
	if !errors.As(err, &ce) || ce.Index != 2 || ce.Key != kept.Key() {
		t.Errorf("error %v: want a *kv.ConditionError naming write 2 (%q/%q)", err, kept.PK, kept.SK)
	}
	wantItem(t, s, kept)
	wantItem(t, s, doomed)
	wantAbsent(t, s, p, "new")
	wantAbsent(t, s, p, "other")
}

// testTransactConditions writes items under every kind of condition, all
// holding, with SK2 and expiry, one over an expired item.
func testTransactConditions(t *testing.T, s kv.Store, _ Features) {
	tx, p := transactor(t, s), pk(t)
	seed(t, s, []kv.Item{
		item(p, "versioned"), item(p, "below"), item(p, "exists"),
		{PK: p, SK: "expired", Version: 9, ExpiresAt: earlier()},
	})
	want := []kv.Item{
		{PK: p, SK: "absent", SK2: "IDX#1", Version: 1, ExpiresAt: later(), Data: []byte("a")},
		{PK: p, SK: "versioned", SK2: "IDX#2", Version: 2, Data: []byte("v")},
		{PK: p, SK: "below", Version: 5},
		{PK: p, SK: "exists", Version: 7, Data: []byte("e")},
		{PK: p, SK: "expired", Version: 1, Data: []byte("x")},
	}
	conds := []kv.Condition{kv.IfAbsent(), kv.IfVersion(1), kv.IfVersionBelow(5), kv.IfExists(), kv.IfAbsent()}
	writes := make([]kv.Write, len(want))
	for i := range want {
		writes[i] = kv.PutWrite(want[i], conds[i])
	}
	if err := tx.Transact(t.Context(), writes); err != nil {
		t.Fatalf("transaction whose conditions all hold: %v", err)
	}
	for _, it := range want {
		wantItem(t, s, it)
	}
	wantKeys(t, "query by SK2", sks(query(t, s, kv.Query{PK: p, BySK2: true, Limit: 10}).Items), []string{"absent", "versioned"})
}

// testTransactPutsAndDeletes mixes new and replacing puts with conditional,
// unconditional and absent deletes.
func testTransactPutsAndDeletes(t *testing.T, s kv.Store, _ Features) {
	tx, p := transactor(t, s), pk(t)
	seed(t, s, []kv.Item{
		{PK: p, SK: "replaced", SK2: "IDX#r", Version: 4, ExpiresAt: later(), Data: []byte("old")},
		item(p, "deleted"), {PK: p, SK: "guarded", SK2: "IDX#g", Version: 2},
	})
	replaced := kv.Item{PK: p, SK: "replaced", Version: 5, Data: []byte("new")}
	added := kv.Item{PK: p, SK: "added", SK2: "IDX#a", Version: 1, Data: []byte{0, 1}}
	err := tx.Transact(t.Context(), []kv.Write{
		kv.PutWrite(replaced, kv.IfVersion(4)),
		kv.PutWrite(added, kv.Always()),
		kv.DeleteWrite(kv.Key{PK: p, SK: "deleted"}, kv.Always()),
		kv.DeleteWrite(kv.Key{PK: p, SK: "guarded"}, kv.IfVersion(2)),
		kv.DeleteWrite(kv.Key{PK: p, SK: "never"}, kv.Always()),
	})
	if err != nil {
		t.Fatalf("transaction: %v", err)
	}
	wantItem(t, s, replaced)
	wantItem(t, s, added)
	for _, sk := range []string{"deleted", "guarded", "never"} {
		wantAbsent(t, s, p, sk)
	}
	wantKeys(t, "query by SK2", sks(query(t, s, kv.Query{PK: p, BySK2: true, Limit: 10}).Items), []string{"added"})
}

// testTransactRace lets transactions race to move one item from version 1
// to 2, each also writing an item of its own: exactly one wins, and only
// its own item is written. A loser cancelled by a conflict rather than by
// its condition (kv.ErrUnavailable) tries again.
func testTransactRace(t *testing.T, s kv.Store, f Features) {
	tx, p := transactor(t, s), pk(t)
	put(t, s, kv.Item{PK: p, SK: "contended", Version: 1}, kv.Always())
	write := func(i int) kv.Item {
		return kv.Item{PK: p, SK: "contended", Version: 2, Data: fmt.Appendf(nil, "writer %d", i)}
	}
	n := writers(f)
	errs := race(n, func(i int) error {
		writes := []kv.Write{
			kv.PutWrite(write(i), kv.IfVersion(1)),
			kv.PutWrite(item(p, fmt.Sprintf("own#%02d", i)), kv.IfAbsent()),
		}
		var err error
		for range 20 {
			if err = tx.Transact(t.Context(), writes); !errors.Is(err, kv.ErrUnavailable) {
				return err
			}
		}
		return err
	})
	won := winner(t, errs)
	wantItem(t, s, write(won))
	got := sks(query(t, s, kv.Query{PK: p, SKPrefix: "own#", Limit: 100}).Items)
	wantKeys(t, "items of the transactions", got, []string{fmt.Sprintf("own#%02d", won)})
}

// testTransactInvalid checks that a transaction failing validation writes
// none of its valid items either.
func testTransactInvalid(t *testing.T, s kv.Store, _ Features) {
	tx, p := transactor(t, s), pk(t)
	valid := kv.PutWrite(item(p, "valid"), kv.Always())
	tooMany := make([]kv.Write, kv.MaxTransactWrites+1)
	for i := range tooMany {
		tooMany[i] = kv.PutWrite(item(p, fmt.Sprintf("many#%03d", i)), kv.Always())
	}
	cases := []struct {
		name   string
		writes []kv.Write
		want   error
	}{
		{"empty key", []kv.Write{valid, kv.PutWrite(kv.Item{PK: p}, kv.Always())}, kv.ErrInvalidKey},
		{"empty delete key", []kv.Write{valid, kv.DeleteWrite(kv.Key{PK: p}, kv.Always())}, kv.ErrInvalidKey},
		{"duplicate key", []kv.Write{valid, kv.DeleteWrite(kv.Key{PK: p, SK: "valid"}, kv.Always())}, kv.ErrInvalidKey},
		{"item too large", []kv.Write{valid, kv.PutWrite(kv.Item{PK: p, SK: "big", Data: []byte(strings.Repeat("x", kv.MaxItemBytes))}, kv.Always())}, kv.ErrTooLarge},
		{"too many writes", tooMany, kv.ErrTooLarge},
	}
	for _, c := range cases {
		wantErr(t, tx.Transact(t.Context(), c.writes), c.want, c.name)
	}
	wantAbsent(t, s, p, "valid")
	wantAbsent(t, s, p, "many#000")
}

// testTransactEmpty: no writes, no transaction, no error.
func testTransactEmpty(t *testing.T, s kv.Store, _ Features) {
	if err := transactor(t, s).Transact(t.Context(), nil); err != nil {
		t.Errorf("empty transaction: %v", err)
	}
}
