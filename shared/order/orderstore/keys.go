package orderstore

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// The sort key of the master record within the order's partition.
const masterSK = "order"

// Prefix of timeline entries within the order's partition.
const changeSKPrefix = "change#"

func orderPK(orderID string) string { return "order#" + orderID }

func masterKey(orderID string) kv.Key {
	return kv.Key{PK: orderPK(orderID), SK: masterSK}
}

func changeKey(orderID string, version int64) kv.Key {
	return kv.Key{PK: orderPK(orderID), SK: fmt.Sprintf("%s%010d", changeSKPrefix, version)}
}

func userPK(userID string) string { return "user#" + userID + "#orders" }

func storeDayPK(storeID, day string) string { return "store#" + storeID + "#day#" + day }

// storeStatusSK2 orders a store-day copy by status, then newest id.
func storeStatusSK2(status order.Status, orderID string) string {
	return status.String() + "#" + orderID
}

func syncPK(shard int) string { return fmt.Sprintf("sync#%03d", shard) }

// syncShard spreads the intents of different orders over the shards, and
// keeps those of one order together.
func syncShard(orderID string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(orderID))
	return int(h.Sum32() % uint32(shards))
}

func intentSK(orderID string, version int64, writeID string) string {
	return fmt.Sprintf("%s#%010d#%s", orderID, version, writeID)
}

// intentOrderPrefix selects the intents of one order within its shard.
func intentOrderPrefix(orderID string) string { return orderID + "#" }

// validOrderID keeps ids that could break the key layout out of it.
func validOrderID(id string) bool {
	return id != "" && len(id) <= 64 && !strings.ContainsAny(id, "#/")
}
