package reserve

import (
	"hash/fnv"
	"strconv"
)

// holdBuckets is how many hash slots the hold records and the pending
// lists are spread over: an order's record and its pending entry share
// the slot of its bucket, so no single slot takes every hold.
const holdBuckets = 16

// keys makes the Redis keys of one prefix. Every key carries the hash
// tag of its scope (see the package documentation, Keys): the keys one
// script or transaction touches share a tag, so on a cluster they share
// a slot. The prefix must hold no brace, or its braces would be the tag.
type keys struct{ p string }

func userTag(user string) string      { return "{user:" + user + "}" }
func dayTag(store, day string) string { return "{store:" + store + ":" + day + "}" }
func bucketTag(bucket int) string     { return "{holds:" + strconv.Itoa(bucket) + "}" }
func bucketOf(orderID string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(orderID))
	return int(h.Sum32() % holdBuckets)
}

// The order's scope: its hold record, in the pending list of its bucket.
func (k keys) hold(orderID string) string {
	return k.p + "hold:" + bucketTag(bucketOf(orderID)) + ":" + orderID
}
func (k keys) pending(bucket int) string       { return k.p + "holds:pending:" + bucketTag(bucket) }
func (k keys) pendingOf(orderID string) string { return k.pending(bucketOf(orderID)) }

// The user's scope: the order's user part, the unpaid orders and their
// slots, the first-order standing, the coupons.
func (k keys) userPart(user, orderID string) string {
	return k.p + "uhold:" + userTag(user) + ":" + orderID
}
func (k keys) unpaid(user string) string      { return k.p + "unpaid:" + userTag(user) }
func (k keys) unpaidSlots(user string) string { return k.p + "unpaidslots:" + userTag(user) }
func (k keys) live(user string) string        { return k.p + "live:" + userTag(user) }
func (k keys) coupon(user, coupon string) string {
	return k.p + "coupon:" + userTag(user) + ":" + coupon
}

// The store-day's scope: the order's stock part and the skus' bitmaps
// (bit i set while slot i is held).
func (k keys) dayPart(store, day, orderID string) string {
	return k.p + "shold:" + dayTag(store, day) + ":" + orderID
}
func (k keys) stock(store, day, sku string) string {
	return k.p + "stockslots:" + dayTag(store, day) + ":" + sku
}

// verified marks a refusal of the key's resource as checked against the
// store a moment ago (in the key's slot).
func (k keys) verified(key string) string { return k.p + "verified:" + key }
