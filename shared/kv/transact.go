package kv

import (
	"context"
	"fmt"
)

// Limits of one transaction, DynamoDB's TransactWriteItems' own.
const (
	// MaxTransactWrites is the most writes one transaction may hold.
	MaxTransactWrites = 100
	// MaxTransactBytes is the most the items of one transaction may count
	// for together (see ItemSize).
	MaxTransactBytes = 4 * 1024 * 1024
)

// Transactor is what a Store offers when it can write several items
// atomically. It is optional: code above the store asks for it with
// TransactorOf and must work without it (see DESIGN.md, principle 1).
type Transactor interface {
	// Transactional reports whether Transact may be used. A backend whose
	// support depends on its configuration or server answers false when
	// it has none; TransactorOf checks it.
	Transactional() bool
	// Transact applies the writes all or none. Each write's condition is
	// evaluated against the state before the transaction; if any does not
	// hold, nothing is written and the error is a *ConditionError, which
	// wraps ErrConditionFailed. Keys must be distinct, there may be at most
	// MaxTransactWrites writes, and their items together may count for at
	// most MaxTransactBytes; a transaction that fails validation writes
	// nothing and returns ErrInvalidKey or ErrTooLarge. No writes is no
	// transaction and succeeds.
	Transact(ctx context.Context, writes []Write) error
}

// TransactorOf returns the store's transactions when it has any that may be
// used: the store implements Transactor and says it is Transactional.
func TransactorOf(s Store) (Transactor, bool) {
	t, ok := s.(Transactor)
	if !ok || !t.Transactional() {
		return nil, false
	}
	return t, true
}

// Write is one write of a transaction: a put of Item, or when Delete is set
// a delete of the item under Key, in either case only if Cond holds. The
// zero Cond is Always. Build writes with PutWrite and DeleteWrite.
type Write struct {
	// Item is the item a put writes; unused by a delete.
	Item Item
	// Delete makes the write a delete of Key.
	Delete bool
	// Key is the key a delete removes; unused by a put.
	Key Key
	// Cond must hold of the stored item for the transaction to go ahead.
	Cond Condition
}

// PutWrite is a put of the item when cond holds.
func PutWrite(it Item, cond Condition) Write { return Write{Item: it, Cond: cond} }

// DeleteWrite is a delete of the item under k when cond holds.
func DeleteWrite(k Key, cond Condition) Write { return Write{Delete: true, Key: k, Cond: cond} }

// Target is the key the write addresses.
func (w Write) Target() Key {
	if w.Delete {
		return w.Key
	}
	return w.Item.Key()
}

// ConditionError is the failure of a transaction whose write number Index
// (counted from 0), under Key, found its condition false. It wraps
// ErrConditionFailed; nothing of the transaction was written.
type ConditionError struct {
	Index int
	Key   Key
}

// Error names the write whose condition failed.
func (e *ConditionError) Error() string {
	return fmt.Sprintf("%v: write %d (%q/%q)", ErrConditionFailed, e.Index, e.Key.PK, e.Key.SK)
}

// Unwrap makes errors.Is(err, ErrConditionFailed) hold.
func (e *ConditionError) Unwrap() error { return ErrConditionFailed }

// ValidateTransaction checks a transaction's writes before it is sent: the
// number of writes, each item and key, distinct keys and the total size.
func ValidateTransaction(writes []Write) error {
	if len(writes) > MaxTransactWrites {
		return fmt.Errorf("%w: %d writes in one transaction, at most %d", ErrTooLarge, len(writes), MaxTransactWrites)
	}
	seen := make(map[Key]bool, len(writes))
	total := 0
	for i, w := range writes {
		if err := validateWrite(w); err != nil {
			return fmt.Errorf("write %d: %w", i, err)
		}
		k := w.Target()
		if seen[k] {
			return fmt.Errorf("%w: key %q/%q twice in one transaction", ErrInvalidKey, k.PK, k.SK)
		}
		seen[k] = true
		if !w.Delete {
			total += ItemSize(w.Item)
		}
	}
	if total > MaxTransactBytes {
		return fmt.Errorf("%w: transaction of %d bytes, at most %d", ErrTooLarge, total, MaxTransactBytes)
	}
	return nil
}

func validateWrite(w Write) error {
	if w.Delete {
		return ValidateKey(w.Key)
	}
	return ValidateItem(w.Item)
}
