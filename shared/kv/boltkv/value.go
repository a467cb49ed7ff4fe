package boltkv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// valueFormat is the first byte of every stored value; a new layout gets a
// new number and the decoder keeps reading the old ones.
const valueFormat = 1

// Flags of the second byte of a value.
const (
	flagExpiry  = 1 << iota // an expiry follows the version
	flagSK2                 // an SK2 follows the expiry
	flagNilData             // Data was nil rather than empty
)

// errBadValue reports a stored value that does not decode: a corrupt file.
var errBadValue = errors.New("boltkv: malformed value")

// encodeValue writes an item's version, expiry, SK2 and data:
// format | flags | varint version | [varint expiry seconds] |
// [uvarint len(SK2) | SK2] | data.
func encodeValue(it kv.Item) []byte {
	b := make([]byte, 2, 2+3*binary.MaxVarintLen64+len(it.SK2)+len(it.Data))
	b[0] = valueFormat
	b = binary.AppendVarint(b, it.Version)
	if !it.ExpiresAt.IsZero() {
		b[1] |= flagExpiry
		b = binary.AppendVarint(b, it.ExpiresAt.Unix())
	}
	if it.SK2 != "" {
		b[1] |= flagSK2
		b = binary.AppendUvarint(b, uint64(len(it.SK2)))
		b = append(b, it.SK2...)
	}
	if it.Data == nil {
		b[1] |= flagNilData
	}
	return append(b, it.Data...)
}

// decodeValue reads a value written by encodeValue into an item with the
// keys pk and sk. The item does not share memory with v.
func decodeValue(pk, sk string, v []byte) (kv.Item, error) {
	it := kv.Item{PK: pk, SK: sk}
	if len(v) < 2 || v[0] != valueFormat {
		return it, fmt.Errorf("%w: unknown format", errBadValue)
	}
	flags, rest := v[1], v[2:]
	if flags&^(flagExpiry|flagSK2|flagNilData) != 0 {
		return it, fmt.Errorf("%w: unknown flags %#x", errBadValue, flags)
	}
	var n int
	if it.Version, n = binary.Varint(rest); n <= 0 {
		return it, fmt.Errorf("%w: version", errBadValue)
	}
	rest = rest[n:]
	if flags&flagExpiry != 0 {
		sec, n := binary.Varint(rest)
		if n <= 0 {
			return it, fmt.Errorf("%w: expiry", errBadValue)
		}
		it.ExpiresAt, rest = time.Unix(sec, 0), rest[n:]
	}
	if flags&flagSK2 != 0 {
		size, n := binary.Uvarint(rest)
		if n <= 0 || size == 0 || size > uint64(len(rest)-n) {
			return it, fmt.Errorf("%w: second sort key", errBadValue)
		}
		it.SK2, rest = string(rest[n:n+int(size)]), rest[n+int(size):]
	}
	if flags&flagNilData == 0 {
		it.Data = append([]byte{}, rest...)
	} else if len(rest) > 0 {
		return it, fmt.Errorf("%w: data after nil data", errBadValue)
	}
	return it, nil
}
