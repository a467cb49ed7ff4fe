package orderstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// How long the ledger's items are kept: an entry for a month, as the
// provider's notifications always were; a day index item for 400 days,
// so a year's reconciliation reports can be run again.
const (
	LedgerTTL = 30 * 24 * time.Hour
	PayDayTTL = 400 * 24 * time.Hour
)

// PaymentLedger keeps the payment ledger of each order (package ledger
// decides what an entry says; keys.go where it lives) and the day index
// of the orders whose money moved, for the daily reconciliation report.
// It needs neither transactions nor TTL for correctness.
type PaymentLedger struct {
	store kv.Store
}

// PaymentLedger returns the payment ledger in the repository's store.
func (r *Repository) PaymentLedger() *PaymentLedger { return &PaymentLedger{store: r.store} }

// Record keeps the order's entry, once: an entry of the same identity
// (see package ledger) recorded before stands as it was first seen, and
// recording it again writes nothing (one read). When the entry moves
// money (ledger.Entry.MovesMoney), the order is also put in the day index
// for the UTC day of e.At: in one transaction with the entry where the
// store has transactions (one commit instead of two), else first, then
// the entry, each whatever became of the other. Either way an entry
// stored has had its day marked, unless that write failed and was
// reported.
func (l *PaymentLedger) Record(ctx context.Context, orderID string, e ledger.Entry) error {
	if !validOrderID(orderID) {
		return fmt.Errorf("payment ledger of order %q: %w", orderID, kv.ErrInvalidKey)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("payment ledger of order %s: encode entry: %w", orderID, err)
	}
	entry := kv.Item{PK: ledgerPK(orderID), SK: ledgerSK(e), SK2: ledgerSK2(e), Data: data,
		ExpiresAt: e.At.Add(LedgerTTL)}
	_, err = l.store.Get(ctx, entry.PK, entry.SK)
	switch {
	case err == nil:
		return nil // recorded before
	case !errors.Is(err, kv.ErrNotFound):
		return fmt.Errorf("payment ledger of order %s: %w", orderID, err)
	}
	writes := []kv.Write{kv.PutWrite(entry, kv.IfAbsent())}
	if e.MovesMoney() {
		writes = append(writes, kv.PutWrite(payDayItem(orderID, e.At), kv.Always()))
	}
	if err := l.write(ctx, writes); err != nil {
		return fmt.Errorf("payment ledger of order %s: %w", orderID, err)
	}
	return nil
}

// write makes the writes: in one transaction where the store has them,
// else one by one, the last first, each whatever became of the other. A
// condition that fails is no error: the entry was recorded meanwhile, and
// stands.
func (l *PaymentLedger) write(ctx context.Context, writes []kv.Write) error {
	if tx, ok := kv.TransactorOf(l.store); ok {
		if err := tx.Transact(ctx, writes); !errors.Is(err, kv.ErrConditionFailed) {
			return err
		}
		return nil
	}
	var errs []error
	for _, w := range slices.Backward(writes) {
		if err := l.store.Put(ctx, w.Item, w.Cond); !errors.Is(err, kv.ErrConditionFailed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// payDayItem puts the order in the day index of the UTC day of at.
func payDayItem(orderID string, at time.Time) kv.Item {
	return kv.Item{PK: payDayPK(at.UTC().Format(payDayLayout), orderShard(orderID, payDayShards)), SK: orderID,
		ExpiresAt: at.Add(PayDayTTL)}
}

// MaxLedgerPage is the most entries a page of Entries holds.
const MaxLedgerPage = kv.MaxPageLimit

// LedgerPage is one page of an order's ledger, oldest first; Cursor is
// empty on the last.
type LedgerPage struct {
	Entries []ledger.Entry
	Cursor  string
}

// Entries returns up to limit (1 to MaxLedgerPage) entries of the
// order after cursor ("" for the first page), oldest first. A cursor
// that is not this ledger's is ErrInvalidCursor.
func (l *PaymentLedger) Entries(ctx context.Context, orderID string, limit int, cursor string) (LedgerPage, error) {
	if !validOrderID(orderID) {
		return LedgerPage{}, nil
	}
	q := kv.Query{PK: ledgerPK(orderID), BySK2: true, Limit: limit, Cursor: cursor}
	page, err := l.store.Query(ctx, q)
	if err != nil {
		return LedgerPage{}, listError(q.PK, err)
	}
	out := LedgerPage{Entries: make([]ledger.Entry, len(page.Items)), Cursor: page.Cursor}
	for i, it := range page.Items {
		if err := json.Unmarshal(it.Data, &out.Entries[i]); err != nil {
			return LedgerPage{}, fmt.Errorf("payment ledger of order %s: decode %s: %w", orderID, it.SK, err)
		}
	}
	return out, nil
}

// payDayPage is how many orders of a day's shard one query reads (a
// variable for the tests of paging).
var payDayPage = kv.MaxPageLimit

// OrdersOfDay returns the orders whose money moved on the UTC day
// (YYYY-MM-DD), sorted: every order with an entry that moves money
// recorded that day. It reads every shard of the day, page by page.
func (l *PaymentLedger) OrdersOfDay(ctx context.Context, day string) ([]string, error) {
	if t, err := time.Parse(payDayLayout, day); err != nil || t.Format(payDayLayout) != day {
		return nil, fmt.Errorf("orders of day %q: not a day as YYYY-MM-DD", day)
	}
	var ids []string
	for shard := range payDayShards {
		q := kv.Query{PK: payDayPK(day, shard), Limit: payDayPage}
		for {
			page, err := l.store.Query(ctx, q)
			if err != nil {
				return nil, fmt.Errorf("orders of day %s: %w", day, err)
			}
			for _, it := range page.Items {
				ids = append(ids, it.SK)
			}
			if q.Cursor = page.Cursor; q.Cursor == "" {
				break
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}
