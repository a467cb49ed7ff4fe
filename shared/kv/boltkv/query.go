package boltkv

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Query reads one page of a partition in a read-only transaction, in the
// order of SK or, with q.BySK2, of SK2 (ties broken by SK). Expired items
// are skipped. The page's cursor is empty exactly when no live item
// follows. It returns kv.ErrInvalidQuery or kv.ErrInvalidCursor, wrapped,
// when the query is refused.
func (s *Store) Query(ctx context.Context, q kv.Query) (kv.Page, error) {
	span := s.start(ctx, opQuery)
	page, err := s.query(ctx, q)
	end(span, err)
	if err != nil {
		return kv.Page{}, fmt.Errorf("boltkv query %q: %w", q.PK, err)
	}
	return page, nil
}

func (s *Store) query(ctx context.Context, q kv.Query) (kv.Page, error) {
	if err := ctx.Err(); err != nil {
		return kv.Page{}, err
	}
	if err := q.Validate(); err != nil {
		return kv.Page{}, err
	}
	lo, hi, err := queryBounds(q)
	if err != nil {
		return kv.Page{}, err
	}
	sc := &scan{q: q, prefix: len(partition(q.PK)), now: s.now()}
	err = s.db.View(func(tx *bbolt.Tx) error {
		if sc.t, err = newTxn(tx); err != nil {
			return err
		}
		b := sc.t.items
		if q.BySK2 {
			b = sc.t.sk2
		}
		if q.Backward {
			return walkBackward(b.Cursor(), lo, hi, sc.visit)
		}
		return walkForward(b.Cursor(), lo, hi, sc.visit)
	})
	return sc.page, err
}

// scan collects a page, one bucket entry at a time.
type scan struct {
	q      kv.Query
	t      txn
	prefix int // length of the partition prefix of every key
	now    time.Time
	page   kv.Page
}

// visit takes the entry (k, v) into the page; once the page is full, the
// next live item only sets the cursor and ends the walk.
func (sc *scan) visit(k, v []byte) (done bool, err error) {
	it, ok, err := sc.resolve(k, v)
	if err != nil || !ok {
		return false, err
	}
	if n := len(sc.page.Items); n == sc.q.Limit {
		sc.page.Cursor = kv.EncodeCursor(sc.page.Items[n-1], sc.q.BySK2)
		return true, nil
	}
	sc.page.Items = append(sc.page.Items, it)
	return false, nil
}

// resolve decodes the item of an entry; ok is false when the item has
// expired or is not selected by the query.
func (sc *scan) resolve(k, v []byte) (it kv.Item, ok bool, err error) {
	if !sc.q.BySK2 {
		it, err = decodeValue(sc.q.PK, string(k[sc.prefix:]), v)
	} else {
		it, err = sc.resolveSK2(k)
	}
	if err != nil {
		return it, false, err
	}
	key := it.SK
	if sc.q.BySK2 {
		key = it.SK2
	}
	return it, !kv.Expired(it, sc.now) && sc.q.Matches(key), nil
}

// resolveSK2 reads the item an sk2-bucket entry points to.
func (sc *scan) resolveSK2(k []byte) (kv.Item, error) {
	sk2, sk, err := splitSK2Key(k, sc.prefix)
	if err != nil {
		return kv.Item{}, err
	}
	it, found, err := sc.t.load(sc.q.PK, sk, itemKey(sc.q.PK, sk))
	switch {
	case err != nil:
		return it, err
	case !found || it.SK2 != sk2:
		return it, fmt.Errorf("boltkv: index entry %q/%q does not match its item", sk2, sk)
	}
	return it, nil
}

// walkForward visits the keys of [lo, hi) in ascending order until visit
// is done; a nil hi has no end.
func walkForward(c *bbolt.Cursor, lo, hi []byte, visit func(k, v []byte) (bool, error)) error {
	for k, v := c.Seek(lo); k != nil && (hi == nil || bytes.Compare(k, hi) < 0); k, v = c.Next() {
		if done, err := visit(k, v); done || err != nil {
			return err
		}
	}
	return nil
}

// walkBackward visits the keys of [lo, hi) in descending order until visit
// is done; a nil hi has no end.
func walkBackward(c *bbolt.Cursor, lo, hi []byte, visit func(k, v []byte) (bool, error)) error {
	var k, v []byte
	if hi != nil {
		k, _ = c.Seek(hi)
	}
	if k == nil {
		k, v = c.Last() // hi is past every key
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.Compare(k, lo) >= 0; k, v = c.Prev() {
		if done, err := visit(k, v); done || err != nil {
			return err
		}
	}
	return nil
}
