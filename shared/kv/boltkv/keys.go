package boltkv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"
)

// Bucket names.
var (
	bucketItems  = []byte("items")
	bucketSK2    = []byte("sk2")
	bucketExpiry = []byte("expiry")
)

// errBadKey reports an index key that does not decode: a corrupt file.
var errBadKey = errors.New("boltkv: malformed index key")

// sk2Terminator ends the escaped SK2 of an index key; sk2Past is the
// smallest pair above every terminator, the exclusive end of one SK2 value.
var (
	sk2Terminator = []byte{0x00, 0x01}
	sk2Past       = []byte{0x00, 0x02}
)

// partition returns the prefix shared by every key of the partition pk:
// uvarint(len(pk)) | pk. Uvarints are prefix-free, so no partition's prefix
// is a prefix of another's.
func partition(pk string) []byte {
	b := make([]byte, 0, binary.MaxVarintLen64+len(pk))
	b = binary.AppendUvarint(b, uint64(len(pk)))
	return append(b, pk...)
}

// itemKey is the items-bucket key of (pk, sk).
func itemKey(pk, sk string) []byte {
	return append(partition(pk), sk...)
}

// appendEscaped appends s with every 0x00 written as 0x00 0xFF, which keeps
// the byte order of the strings once each is followed by sk2Terminator.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = append(b, s[i])
		if s[i] == 0x00 {
			b = append(b, 0xFF)
		}
	}
	return b
}

// sk2Key is the sk2-bucket key of an item with the second sort key sk2.
func sk2Key(pk, sk2, sk string) []byte {
	b := appendEscaped(partition(pk), sk2)
	b = append(b, sk2Terminator...)
	return append(b, sk...)
}

// splitSK2Key reads the SK2 and SK from an sk2-bucket key whose partition
// prefix is n bytes long.
func splitSK2Key(key []byte, n int) (sk2, sk string, err error) {
	if n > len(key) {
		return "", "", errBadKey
	}
	var out []byte
	for i := n; i+1 < len(key); i++ {
		if key[i] != 0x00 {
			out = append(out, key[i])
			continue
		}
		switch key[i+1] {
		case 0xFF:
			out = append(out, 0x00)
			i++
		case 0x01:
			return string(out), string(key[i+2:]), nil
		default:
			return "", "", errBadKey
		}
	}
	return "", "", errBadKey
}

// expiryKey is the expiry-bucket key of an item key expiring at sec.
func expiryKey(sec int64, key []byte) []byte {
	b := make([]byte, 8, 8+len(key))
	binary.BigEndian.PutUint64(b, uint64(sec)^(1<<63))
	return append(b, key...)
}

// splitExpiryKey reads the expiry time and item key of an expiry-bucket key.
func splitExpiryKey(key []byte) (time.Time, []byte, error) {
	if len(key) < 8 {
		return time.Time{}, nil, errBadKey
	}
	sec := int64(binary.BigEndian.Uint64(key) ^ (1 << 63))
	return time.Unix(sec, 0), key[8:], nil
}

// successor returns the smallest key above every key that begins with p, or
// nil when there is none (p is all 0xFF).
func successor(p []byte) []byte {
	s := bytes.Clone(p)
	for len(s) > 0 && s[len(s)-1] == 0xFF {
		s = s[:len(s)-1]
	}
	if len(s) == 0 {
		return nil
	}
	s[len(s)-1]++
	return s
}

// splitItemKey reads the PK and SK of an items-bucket key.
func splitItemKey(key []byte) (pk, sk string, err error) {
	size, n := binary.Uvarint(key)
	if n <= 0 || size > uint64(len(key)-n) {
		return "", "", errBadKey
	}
	end := n + int(size)
	return string(key[n:end]), string(key[end:]), nil
}
