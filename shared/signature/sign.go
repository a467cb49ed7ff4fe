package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// HeaderName is the HTTP header that carries the signature.
const HeaderName = "Pay-Signature"

// DefaultTolerance is how far, in either direction, a header's t may lie
// from the receiver's clock (contract section 7: 300 s).
const DefaultTolerance = 300 * time.Second

// Sign returns the header "t=<unix>,v1=<hex>" for body signed with secret
// at time t (truncated to whole seconds).
func Sign(secret []byte, t time.Time, body []byte) string {
	return Header([][]byte{secret}, t, body)
}

// Header returns the header for body signed at time t with every secret,
// one v1 per secret in the order given, as a provider does while it rotates
// its secret: "t=<unix>,v1=<hex>,v1=<hex>". Empty secrets are skipped, since
// Verify never accepts them; with none left the header carries only t and
// no receiver accepts it.
func Header(secrets [][]byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	var b strings.Builder
	b.Grow(len("t=") + len(ts) + len(secrets)*(len(",v1=")+hex.EncodedLen(sha256.Size)))
	b.WriteString("t=")
	b.WriteString(ts)
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		b.WriteString(",v1=")
		b.WriteString(hex.EncodeToString(mac(secret, ts, body)))
	}
	return b.String()
}

// mac returns HMAC-SHA256(secret, ts + "." + body).
func mac(secret []byte, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}
