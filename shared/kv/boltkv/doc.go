// Package boltkv is the embedded kv.Store of the local runner: one file on
// disk, written through go.etcd.io/bbolt.
//
// Why bbolt: it is a single-file B+tree with serializable ACID transactions,
// so a conditional write (read the stored item, evaluate the condition,
// write) is trivially atomic inside one write transaction; every commit is
// fsync'd, so a write that has been answered survives a crash; it is pure Go
// and maintained by the etcd project. It admits one process at a time (a
// file lock), which suits the local runner. Pebble was the alternative: it
// would need locking of its own to make conditional writes atomic and brings
// an LSM tree's compaction for no gain at this size.
//
// Layout: three buckets.
//
//   - items: key uvarint(len(PK)) | PK | SK, so that a partition's items are
//     contiguous and ordered by the bytes of SK; the value is the item's
//     version, expiry, SK2 and data in a small versioned binary format.
//   - sk2: key uvarint(len(PK)) | PK | escaped(SK2) | 0x00 0x01 | SK, for the
//     items that have an SK2; the escaping (0x00 becomes 0x00 0xFF) keeps
//     the order of SK2 bytes, ties broken by SK. The value is empty.
//   - expiry: key big-endian expiry seconds (sign bit flipped) | items key,
//     so that expired items can be reclaimed oldest first.
//
// Writes go through bbolt's group commit (DB.Batch) when other writes are in
// flight, so that one fsync serves many, and straight to a write
// transaction otherwise, so that a lone writer does not wait for the batch
// timer. Transact (kv.Transactor) runs a whole transaction of conditional
// writes as one such write, all or none, through the same group commit.
// Reads run in read-only transactions and never wait for writes.
// Expired items stay on disk, invisible, until ReclaimExpired deletes them.
package boltkv
