// Package pagecursor seals the cursors of paged lists so that clients can
// hold them but neither read nor forge them.
//
// A store hands out a cursor naming where a page ended (for the embedded
// store and DynamoDB alike, the keys of the last item). Given to a client as
// it is, it could be edited to read another partition: another store's
// orders, another user's. A Sealer wraps it in an envelope signed with
// HMAC-SHA256 over the cursor and the scope of the list it belongs to (for
// example the user, or the store, day and status), so that a cursor changed
// in any byte, or presented to another list, is refused with ErrInvalid.
//
// The envelope is base64url (no padding) of a version byte, the inner cursor
// and the first 16 bytes of the MAC. It is opaque to clients but not
// encrypted: the inner cursor holds only keys of the list the client may
// read anyway.
package pagecursor

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrInvalid: the cursor was not sealed by this Sealer for this scope, or
// it was changed since.
var ErrInvalid = errors.New("invalid cursor")

// Limits of Sealer.
const (
	// MinKeySize is the shortest key New accepts.
	MinKeySize = 32
	// MaxLen is the longest sealed cursor Open reads, in characters.
	MaxLen = 2048
)

const (
	version = 1
	macSize = 16
)

// Scope names the list a cursor belongs to, part by part (for example
// "store", the store id, the day, the status). Parts are length-prefixed
// when signed, so no choice of ids can make two scopes sign alike.
type Scope []string

// Sealer seals and opens cursors with one key. It is safe for concurrent
// use.
type Sealer struct {
	key []byte
}

// New returns a Sealer keyed with key (at least MinKeySize bytes, kept as a
// copy).
func New(key []byte) (*Sealer, error) {
	if len(key) < MinKeySize {
		return nil, fmt.Errorf("pagecursor: key of %d bytes, want at least %d", len(key), MinKeySize)
	}
	return &Sealer{key: append([]byte(nil), key...)}, nil
}

// FromSecret returns a Sealer whose key is derived from a secret held for
// another purpose (the jwt-secret, say) and a label naming this use:
// HMAC-SHA256(secret, "ordercenter/pagecursor/v1/" + label). The derived key
// signs nothing but cursors, so a cursor's MAC is never a valid token
// signature and vice versa. Rotating the secret invalidates every cursor
// handed out before.
func FromSecret(secret []byte, label string) (*Sealer, error) {
	if len(secret) == 0 {
		return nil, errors.New("pagecursor: empty secret")
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ordercenter/pagecursor/v1/" + label))
	return New(m.Sum(nil))
}

// Seal wraps a store's cursor for the list named by scope. The empty cursor
// (no page follows) stays empty.
func (s *Sealer) Seal(scope Scope, inner string) string {
	if inner == "" {
		return ""
	}
	buf := make([]byte, 0, 1+len(inner)+macSize)
	buf = append(buf, version)
	buf = append(buf, inner...)
	buf = append(buf, s.mac(scope, inner)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// Open returns the store's cursor inside a sealed one, after checking that
// it was sealed by s for the list named by scope. The empty cursor opens to
// the empty cursor (the first page). Anything else that fails the check is
// ErrInvalid.
func (s *Sealer) Open(scope Scope, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	if len(sealed) > MaxLen {
		return "", fmt.Errorf("%w: too long", ErrInvalid)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(sealed)
	if err != nil || len(raw) < 2+macSize || raw[0] != version {
		return "", fmt.Errorf("%w: malformed", ErrInvalid)
	}
	inner, mac := string(raw[1:len(raw)-macSize]), raw[len(raw)-macSize:]
	if !hmac.Equal(mac, s.mac(scope, inner)) {
		return "", fmt.Errorf("%w: not signed for this list", ErrInvalid)
	}
	return inner, nil
}

// mac signs the number of scope parts, each part and the inner cursor,
// each preceded by its length.
func (s *Sealer) mac(scope Scope, inner string) []byte {
	m := hmac.New(sha256.New, s.key)
	var n [4]byte
	writeLen := func(l int) {
		binary.BigEndian.PutUint32(n[:], uint32(l))
		m.Write(n[:])
	}
	writeLen(len(scope))
	for _, part := range scope {
		writeLen(len(part))
		m.Write([]byte(part))
	}
	writeLen(len(inner))
	m.Write([]byte(inner))
	return m.Sum(nil)[:macSize]
}
