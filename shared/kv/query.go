package kv

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Query selects items of one partition. At most one of SKPrefix and the
// range (SKFrom, SKTo) may be given; they apply to the sort key, or to SK2
// when BySK2 is set, in which case only items with an SK2 are returned.
type Query struct {
	PK string
	// BySK2 orders and selects by the second sort key instead of SK.
	BySK2 bool
	// SKPrefix keeps the keys that begin with it.
	SKPrefix string
	// SKFrom and SKTo, when not empty, bound the keys, both inclusive.
	SKFrom string
	SKTo   string
	// Backward returns the keys in descending order.
	Backward bool
	// Limit is the most items one page holds, 1 to MaxPageLimit.
	Limit int
	// Cursor continues after the page that returned it; empty starts at the
	// beginning.
	Cursor string
}

// Page is one page of a query. Cursor is empty when nothing follows.
type Page struct {
	Items  []Item
	Cursor string
}

// Validate checks the query's shape; it returns ErrInvalidQuery or
// ErrInvalidCursor, wrapped.
func (q Query) Validate() error {
	switch {
	case q.PK == "" || len(q.PK) > MaxPKBytes:
		return fmt.Errorf("%w: partition key must be 1 to %d bytes", ErrInvalidQuery, MaxPKBytes)
	case q.Limit < 1 || q.Limit > MaxPageLimit:
		return fmt.Errorf("%w: limit must be 1 to %d", ErrInvalidQuery, MaxPageLimit)
	case q.SKPrefix != "" && (q.SKFrom != "" || q.SKTo != ""):
		return fmt.Errorf("%w: a prefix and a range cannot be combined", ErrInvalidQuery)
	case q.SKFrom != "" && q.SKTo != "" && q.SKFrom > q.SKTo:
		return fmt.Errorf("%w: range start is after its end", ErrInvalidQuery)
	}
	if q.Cursor != "" {
		if _, err := q.DecodeCursor(); err != nil {
			return err
		}
	}
	return nil
}

// Position is where a page ended: the last item's keys.
type Position struct {
	PK  string `json:"p"`
	SK  string `json:"s"`
	SK2 string `json:"i,omitempty"`
}

// EncodeCursor turns the position of a page's last item into a cursor.
func EncodeCursor(last Item, bySK2 bool) string {
	pos := Position{PK: last.PK, SK: last.SK}
	if bySK2 {
		pos.SK2 = last.SK2
	}
	raw, _ := json.Marshal(pos)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// DecodeCursor reads the query's cursor; a cursor of another partition or
// index is refused with ErrInvalidCursor (one of another prefix, range or
// direction of the same partition is not detected: it continues from its
// position).
func (q Query) DecodeCursor() (Position, error) {
	raw, err := base64.RawURLEncoding.DecodeString(q.Cursor)
	var pos Position
	if err == nil {
		err = json.Unmarshal(raw, &pos)
	}
	switch {
	case err != nil:
		return Position{}, fmt.Errorf("%w: not a cursor of this store", ErrInvalidCursor)
	case pos.PK != q.PK || pos.SK == "" || (pos.SK2 != "") != q.BySK2:
		return Position{}, fmt.Errorf("%w: cursor belongs to another query", ErrInvalidCursor)
	}
	return pos, nil
}

// Matches reports whether a sort key (or second sort key) is selected by
// the query's prefix and range.
func (q Query) Matches(key string) bool {
	if q.SKPrefix != "" && !strings.HasPrefix(key, q.SKPrefix) {
		return false
	}
	if q.SKFrom != "" && key < q.SKFrom {
		return false
	}
	return q.SKTo == "" || key <= q.SKTo
}
