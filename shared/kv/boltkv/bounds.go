package boltkv

import (
	"bytes"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// queryBounds returns the bucket keys [lo, hi) a query walks: those of its
// partition selected by its prefix or range, then cut at its cursor,
// strictly after it going forward and strictly before it going backward.
// A nil hi has no end.
func queryBounds(q kv.Query) (lo, hi []byte, err error) {
	p := partition(q.PK)
	enc, above := skBound(p), skAbove(p)
	if q.BySK2 {
		enc, above = sk2Bound(p), sk2Above(p)
	}
	lo = enc(q.SKFrom + q.SKPrefix) // Validate lets at most one be set
	switch {
	case q.SKTo != "":
		hi = above(q.SKTo)
	case q.SKPrefix != "":
		hi = successor(enc(q.SKPrefix))
	default:
		hi = successor(p)
	}
	if q.Cursor == "" {
		return lo, hi, nil
	}
	pos, err := q.DecodeCursor()
	if err != nil {
		return nil, nil, err
	}
	at := itemKey(pos.PK, pos.SK)
	if q.BySK2 {
		at = sk2Key(pos.PK, pos.SK2, pos.SK)
	}
	if q.Backward {
		if hi == nil || bytes.Compare(at, hi) < 0 {
			hi = at
		}
	} else if next := append(at, 0x00); bytes.Compare(next, lo) > 0 {
		lo = next // the smallest key above the cursor's
	}
	return lo, hi, nil
}

// skBound returns the smallest items key of partition p whose SK is at
// least the given one.
func skBound(p []byte) func(string) []byte {
	return func(s string) []byte { return append(bytes.Clone(p), s...) }
}

// skAbove returns the smallest items key of partition p above every key
// with the given SK.
func skAbove(p []byte) func(string) []byte {
	return func(s string) []byte { return append(skBound(p)(s), 0x00) }
}

// sk2Bound returns the smallest sk2 key of partition p whose SK2 is at
// least the given one.
func sk2Bound(p []byte) func(string) []byte {
	return func(s string) []byte { return appendEscaped(bytes.Clone(p), s) }
}

// sk2Above returns the smallest sk2 key of partition p above every key
// with the given SK2, whatever its SK.
func sk2Above(p []byte) func(string) []byte {
	return func(s string) []byte { return append(sk2Bound(p)(s), sk2Past...) }
}
