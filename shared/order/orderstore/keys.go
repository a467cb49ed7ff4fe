package orderstore

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// The table's key layout: every partition and sort key the order center
// writes is built in this file, and nowhere else. The layout is documented
// in docs/store-layout.md; change both together, and never change a key of
// a table that holds data (stored items must stay readable).

// Orders: the master record and the timeline, in the order's partition.
const (
	orderPKPrefix  = "order#"
	masterSK       = "order"
	changeSKPrefix = "change#"
)

func orderPK(orderID string) string { return orderPKPrefix + orderID }

func masterKey(orderID string) kv.Key {
	return kv.Key{PK: orderPK(orderID), SK: masterSK}
}

func changeKey(orderID string, version int64) kv.Key {
	return kv.Key{PK: orderPK(orderID), SK: fmt.Sprintf("%s%010d", changeSKPrefix, version)}
}

// The copies: one per user, one per store and local day (sort key: the
// order id; the store's second sort key: status, then order id).

func userPK(userID string) string { return "user#" + userID + "#orders" }

func storeDayPK(storeID, day string) string { return "store#" + storeID + "#day#" + day }

// storeDayShardPK is the partition of one shard of a store-day whose
// copies are spread over n shards: "<store-day pk>#<shard>/<n>", and for
// n = 1 the store-day's own partition, so that a store that is not
// sharded keeps the keys it always had. The count is part of the key, so
// the copies of two layouts of one day never share a partition.
func storeDayShardPK(storeID, day string, shard, n int) string {
	if n <= 1 {
		return storeDayPK(storeID, day)
	}
	return fmt.Sprintf("%s#%d/%d", storeDayPK(storeID, day), shard, n)
}

// storeCopyPK is the partition of the order's store-day copy when its day
// is spread over n shards.
func storeCopyPK(rec order.Record, n int) string {
	return storeDayShardPK(rec.StoreID, rec.StoreDay, orderShard(rec.OrderID, n), n)
}

// The store's layout records: the shard count the operator set for the
// store's new days, and the layout each of its days was pinned to at its
// first write.
const storeShardsSK = "shards"

func storeLayoutPK(storeID string) string { return "store#" + storeID + "#layout" }

func storeDayLayoutSK(day string) string { return "day#" + day }

// storeStatusSK2 orders a store-day copy by status, then newest id.
func storeStatusSK2(status order.Status, orderID string) string {
	return storeStatusPrefix(status) + orderID
}

// storeStatusPrefix selects the store-day copies of one status by SK2.
func storeStatusPrefix(status order.Status) string { return status.String() + "#" }

// Sync intents, spread over the repository's shards.

func syncPK(shard int) string { return fmt.Sprintf("sync#%03d", shard) }

// orderShard spreads the intents of different orders over the shards, and
// keeps those of one order together. Timers and the copies of a sharded
// store-day are spread the same way.
func orderShard(orderID string, shards int) int {
	return int(hash32(orderID) % uint32(shards))
}

func intentSK(orderID string, version int64, writeID string) string {
	return fmt.Sprintf("%s#%010d#%s", orderID, version, writeID)
}

// intentOrderPrefix selects the intents of one order within its shard.
func intentOrderPrefix(orderID string) string { return orderID + "#" }

// Business timers and hand-off checks: one partition per kind and shard,
// sorted by when the order entered its status (a check: when its event
// occurred).

func timerPK(kind TimerKind, shard int) string { return fmt.Sprintf("timers#%s#%03d", kind, shard) }

func timerSKBound(at time.Time) string { return fmt.Sprintf("%012d#", at.Unix()) }

func timerSK(t Timer) string { return timerSKBound(t.At) + t.OrderID }

// Refunds: the claim binding a refund id to its order, and the pending
// items of refunds not yet settled, sorted by when they are due (SK2).
const (
	refundClaimSK = "order"
	// refundDuePartition and refundDueShards name the due partitions;
	// both must stay the same for the life of a table.
	refundDuePartition = "refund-due"
	refundDueShards    = 8
)

func refundClaimPK(refundID string) string { return "refund#" + refundID }

func refundDuePK(shard int) string { return fmt.Sprintf("%s#%03d", refundDuePartition, shard) }

// refundDueShard spreads the pending refunds over the due partitions.
func refundDueShard(refundID string) int { return int(hash32(refundID) % refundDueShards) }

// refundDueSK2 orders pending items by when they are due.
func refundDueSK2(at time.Time, refundID string) string {
	return fmt.Sprintf("%012d#%s", max(at.Unix(), 0), refundID)
}

// refundDueOf is the due time of a pending item's SK2.
func refundDueOf(sk2 string) time.Time {
	secs, _ := strconv.ParseInt(strings.SplitN(sk2, "#", 2)[0], 10, 64)
	return time.Unix(secs, 0).UTC()
}

// The payment ledger (package ledger): one partition per order, one item
// per entry, its sort key the entry's identity (so that the same entry
// recorded twice is one item), its SK2 when it was first seen, then its
// identity (so that the ledger reads oldest first). The day index of
// money movement: one partition per UTC day and shard of order ids, one
// item per order.
const (
	ledgerTimeLayout = "2006-01-02T15:04:05.000000000Z"
	payDayLayout     = "2006-01-02"
	// payDayShards must stay the same for the life of a table.
	payDayShards = 16
)

func ledgerPK(orderID string) string { return "payledger#" + orderID }

// ledgerSK is the entry's identity; the reference, which the provider
// chose, comes last, so no two identities can spell the same key.
func ledgerSK(e ledger.Entry) string {
	return fmt.Sprintf("%s#%s#%s#%d#%s", e.Kind, e.Outcome, e.Status, e.Attempt, e.Reference())
}

func ledgerSK2(e ledger.Entry) string { return e.At.UTC().Format(ledgerTimeLayout) + "#" + ledgerSK(e) }

func payDayPK(day string, shard int) string { return fmt.Sprintf("payday#%s#%02d", day, shard) }

// Idempotency keys of place-order: one partition per user (keys are scoped
// to their user), one item per key.

func keyRecordKey(userID, key string) kv.Key {
	return kv.Key{PK: "idem#" + userID, SK: key}
}

// upTo is the upper bound of a sort key range that takes every key
// starting with prefix ("~" sorts after every character ids use).
// healthKey is an item never written: reading it shows the store answers.
var healthKey = kv.Key{PK: "health#probe", SK: "probe"}

func upTo(prefix string) string { return prefix + "~" }

func hash32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// validOrderID keeps ids that could break the key layout out of it.
func validOrderID(id string) bool {
	return id != "" && len(id) <= 64 && !strings.ContainsAny(id, "#/")
}

// Slots of bounded resources (SlotResource): one partition per resource,
// one item per slot taken, sort key the slot number.

func stockSlotsPK(storeID, day, sku string) string {
	return "slots#stock#" + storeID + "#" + day + "#" + sku
}

func couponSlotsPK(userID, couponID string) string { return "slots#coupon#" + userID + "#" + couponID }

func unpaidSlotsPK(userID string) string { return "slots#unpaid#" + userID }

func firstOrderSlotsPK(userID string) string { return "slots#first#" + userID }

// slotSK is a slot's number, zero-padded so the partition sorts by it.
func slotSK(i int) string { return fmt.Sprintf("%06d", i) }

// slotOf reads a slot's number back from its sort key.
func slotOf(sk string) (int, bool) {
	i, err := strconv.Atoi(sk)
	return i, err == nil && i >= 0
}

// ownerVersion is the version a slot item carries: a 63-bit hash of its
// owner, so that a delete conditional on it removes only the owner's item.
func ownerVersion(owner string) int64 {
	h := fnv.New64a()
	h.Write([]byte(owner))
	return int64(h.Sum64()>>1) + 1
}
