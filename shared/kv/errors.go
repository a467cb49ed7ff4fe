package kv

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel errors every backend maps its own failures to.
var (
	// ErrNotFound: no live item has the key.
	ErrNotFound = errors.New("kv: item not found")
	// ErrConditionFailed: the write's condition did not hold; nothing changed.
	ErrConditionFailed = errors.New("kv: condition failed")
	// ErrInvalidKey: a key is empty, too long or not UTF-8, or two items of
	// one batch share a key.
	ErrInvalidKey = errors.New("kv: invalid key")
	// ErrTooLarge: the item exceeds its SizeLimit.
	ErrTooLarge = errors.New("kv: item too large")
	// ErrInvalidQuery: the query's shape is wrong.
	ErrInvalidQuery = errors.New("kv: invalid query")
	// ErrInvalidCursor: the cursor was not made by this query.
	ErrInvalidCursor = errors.New("kv: invalid cursor")
	// ErrUnavailable: the store is unreachable, throttling or overloaded; the
	// call may succeed if retried later.
	ErrUnavailable = errors.New("kv: store unavailable")
)

// ValidateItem checks an item's keys and size before a write.
func ValidateItem(it Item) error {
	if err := ValidateKey(Key{PK: it.PK, SK: it.SK}); err != nil {
		return err
	}
	if len(it.SK2) > MaxSKBytes || !utf8.ValidString(it.SK2) {
		return fmt.Errorf("%w: second sort key must be UTF-8 of at most %d bytes", ErrInvalidKey, MaxSKBytes)
	}
	if size, limit := ItemSize(it), SizeLimit(it); size > limit {
		return fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, size, limit)
	}
	return nil
}

// ValidateKey checks that a key's parts are present and short enough.
func ValidateKey(k Key) error {
	switch {
	case k.PK == "" || len(k.PK) > MaxPKBytes:
		return fmt.Errorf("%w: partition key must be 1 to %d bytes", ErrInvalidKey, MaxPKBytes)
	case k.SK == "" || len(k.SK) > MaxSKBytes:
		return fmt.Errorf("%w: sort key must be 1 to %d bytes", ErrInvalidKey, MaxSKBytes)
	case !utf8.ValidString(k.PK) || !utf8.ValidString(k.SK):
		return fmt.Errorf("%w: keys must be valid UTF-8", ErrInvalidKey)
	}
	return nil
}

// ValidateBatch checks a batch's items and that its keys are distinct.
func ValidateBatch(puts []Item, deletes []Key) error {
	seen := make(map[Key]bool, len(puts)+len(deletes))
	for _, it := range puts {
		if err := ValidateItem(it); err != nil {
			return err
		}
		if seen[it.Key()] {
			return fmt.Errorf("%w: key %q/%q twice in one batch", ErrInvalidKey, it.PK, it.SK)
		}
		seen[it.Key()] = true
	}
	for _, k := range deletes {
		if err := ValidateKey(k); err != nil {
			return err
		}
		if seen[k] {
			return fmt.Errorf("%w: key %q/%q twice in one batch", ErrInvalidKey, k.PK, k.SK)
		}
		seen[k] = true
	}
	return nil
}
