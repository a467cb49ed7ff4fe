package orderstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Crash a keyed create after each of its writes: once healed, either the
// order is stored and its key answers it with the first answer, or the
// order is not stored and its key is absent or abandoned, and a retry
// under the same id creates it once.
func TestCreateOnceCrashAtEveryStepIsResumable(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kv.Store) {
		if _, tx := kv.TransactorOf(s); tx {
			t.Skip("the transactional path: TestCreateOnceTxCrashIsResumable")
		}
		for writes := range int64(writesPerChange + 2) {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost), func(t *testing.T) {
					c, pub := keyClock(), &recordingPublisher{}
					crashed := New(newCrashingStore(s, writes, ackLost), c.options(pub))
					checkKeyedCrash(t, s, c, pub, crashed)
				})
			}
		}
	})
}

func TestCreateOnceTxCrashIsResumable(t *testing.T) {
	forEachTxStore(t, func(t *testing.T, s kv.Store) {
		for writes := range int64(writesPerTxChange + 1) {
			for _, ackLost := range []bool{false, true} {
				t.Run(fmt.Sprintf("after %d writes, ack lost %v", writes, ackLost), func(t *testing.T) {
					c, pub := keyClock(), &recordingPublisher{}
					cs := newCrashingTxStore(s, writes, ackLost)
					checkKeyedCrash(t, s, c, pub, New(cs, c.options(cs.publisher(pub))))
				})
			}
		}
	})
}

// checkKeyedCrash runs a keyed create in the crashing repository, heals,
// and checks the key against the order, then retries as a client would.
func checkKeyedCrash(t *testing.T, s kv.Store, c *clock, pub *recordingPublisher, crashed *Repository) {
	t.Helper()
	ctx := context.Background()
	o := newDraftOrder(t, c.Now(), "u-kcrash", "s-kcrash")
	key := "k-" + o.ID()
	first := keyFor("u-kcrash", key, "first")
	_, createErr := crashed.CreateOnce(ctx, o, first)
	healer := healLater(t, s, c, pub)
	checkCreateOutcome(t, s, healer, o.ID(), createErr, pub)
	k, err := healer.LookupKey(ctx, "u-kcrash", key)
	_, getErr := healer.Get(ctx, o.ID())
	switch {
	case getErr == nil:
		if err != nil || k.State != KeyAnswered || string(k.Answer.Body) != string(first.Answer.Body) {
			t.Fatalf("order stored, key %+v, %v; want it answered with the first answer", k, err)
		}
		return
	case errors.Is(err, ErrNotFound):
	case err != nil || k.State != KeyAbandoned:
		t.Fatalf("order not stored, key %+v, %v; want it absent or abandoned", k, err)
	}
	retry := newOrderWithID(t, c.Now(), o.ID(), "u-kcrash", "s-kcrash")
	if _, err := healer.CreateOnce(ctx, retry, keyFor("u-kcrash", key, "retry")); err != nil {
		t.Fatalf("retry: %v", err)
	}
	assertConverged(t, s, healer, o.ID(), pub)
	lookupKey(t, healer, "u-kcrash", key, KeyAnswered)
}
