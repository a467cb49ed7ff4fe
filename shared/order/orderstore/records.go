package orderstore

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// recentWrites is how many versions' write ids the master remembers: an
// interrupted change can be healed until this many later changes of the
// same order have committed.
const recentWrites = 16

// master is the stored form of the master record.
type master struct {
	Order order.Record `json:"order"`
	// Writes holds the write id of each recent version, oldest first.
	Writes []versionWrite `json:"writes"`
}

type versionWrite struct {
	Version int64  `json:"v"`
	WriteID string `json:"w"`
}

// writeID returns the write id that produced version v, if still known.
func (m master) writeID(v int64) (string, bool) {
	for _, w := range m.Writes {
		if w.Version == v {
			return w.WriteID, true
		}
	}
	return "", false
}

// withWrites returns the recent writes with those of the new intents added.
func (m master) withWrites(intents []intent) []versionWrite {
	writes := append([]versionWrite(nil), m.Writes...)
	for _, in := range intents {
		writes = append(writes, versionWrite{Version: in.Version, WriteID: in.WriteID})
	}
	if len(writes) > recentWrites {
		writes = writes[len(writes)-recentWrites:]
	}
	return writes
}

// intent announces a change before it is written to the master.
type intent struct {
	OrderID string       `json:"order_id"`
	Version int64        `json:"version"`
	WriteID string       `json:"write_id"`
	At      time.Time    `json:"at"`
	Change  order.Change `json:"change"`
}

// newWriteID tells apart the writers that race for the same version.
func newWriteID() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (r *Repository) intentItem(in intent) kv.Item {
	data, _ := json.Marshal(in)
	return kv.Item{
		PK:   syncPK(orderShard(in.OrderID, r.shards)),
		SK:   intentSK(in.OrderID, in.Version, in.WriteID),
		Data: data,
	}
}

// masterItem is the master record after the changes of the intents, which
// it remembers the write id of.
func masterItem(m master, intents []intent) (kv.Item, error) {
	m.Writes = m.withWrites(intents)
	data, err := json.Marshal(m)
	k := masterKey(m.Order.OrderID)
	return kv.Item{PK: k.PK, SK: k.SK, Version: m.Order.Version, Data: data}, err
}

func decodeMaster(it kv.Item) (master, error) {
	var m master
	if err := json.Unmarshal(it.Data, &m); err != nil {
		return master{}, fmt.Errorf("decode master %s: %w", it.PK, err)
	}
	return m, nil
}

func decodeIntent(it kv.Item) (intent, error) {
	var in intent
	if err := json.Unmarshal(it.Data, &in); err != nil {
		return intent{}, fmt.Errorf("decode intent %s/%s: %w", it.PK, it.SK, err)
	}
	return in, nil
}

// copyItem is the copy of an order under one query dimension.
func copyItem(pk string, rec order.Record, sk2 string) kv.Item {
	data, _ := json.Marshal(rec)
	return kv.Item{PK: pk, SK: rec.OrderID, SK2: sk2, Version: rec.Version, Data: data}
}

func changeItem(orderID string, c order.Change) kv.Item {
	data, _ := json.Marshal(c)
	k := changeKey(orderID, c.Version)
	return kv.Item{PK: k.PK, SK: k.SK, Version: c.Version, Data: data}
}
