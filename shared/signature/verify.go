package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits on a header Verify will look at; anything beyond is ErrMalformed
// before any work is done.
const (
	// MaxHeaderLen is the longest header accepted, in bytes.
	MaxHeaderLen = 2048
	// MaxParts is the most comma-separated parts accepted (t, every v1,
	// and any other scheme's part, which is ignored).
	MaxParts = 16
)

// maxTimestampDigits keeps t within int64 and within reason.
const maxTimestampDigits = 18

// parsed is a header taken apart: the t as sent (signed verbatim), its
// value, and the decoded v1 MACs.
type parsed struct {
	ts   string
	unix int64
	macs [][]byte
}

// Verify checks header against body: some v1 must be the HMAC of
// t + "." + body under some secret, compared in constant time, and t must
// be within tolerance of now, in the past or the future. A tolerance of
// zero or less means DefaultTolerance. Empty secrets are ignored.
//
// It returns nil, or an error wrapping ErrMissing, ErrMalformed, ErrStale
// or ErrMismatch (and with each ErrInvalid), or, before looking at the
// header, ErrNoSecrets when no usable secret was given.
func Verify(header string, body []byte, secrets [][]byte, now time.Time, tolerance time.Duration) error {
	if !anyUsable(secrets) {
		return fmt.Errorf("verify signature: %w", ErrNoSecrets)
	}
	p, err := parse(header)
	if err != nil {
		return fmt.Errorf("verify signature: %w", err)
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	limit := int64(tolerance / time.Second)
	if skew := now.Unix() - p.unix; skew > limit || -skew > limit {
		return fmt.Errorf("verify signature: t=%s is %ds from now: %w", p.ts, skew, ErrStale)
	}
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		want := mac(secret, p.ts, body)
		for _, got := range p.macs {
			if hmac.Equal(got, want) {
				return nil
			}
		}
	}
	return fmt.Errorf("verify signature: %d v1 values: %w", len(p.macs), ErrMismatch)
}

// anyUsable reports whether some secret is non-empty.
func anyUsable(secrets [][]byte) bool {
	for _, secret := range secrets {
		if len(secret) > 0 {
			return true
		}
	}
	return false
}

// parse takes a header apart. Parts other than t and v1 (another scheme's)
// are skipped; spaces around parts are allowed.
func parse(header string) (parsed, error) {
	var p parsed
	if strings.TrimSpace(header) == "" {
		return p, ErrMissing
	}
	if len(header) > MaxHeaderLen {
		return p, fmt.Errorf("%d bytes, limit %d: %w", len(header), MaxHeaderLen, ErrMalformed)
	}
	if n := strings.Count(header, ",") + 1; n > MaxParts {
		return p, fmt.Errorf("%d parts, limit %d: %w", n, MaxParts, ErrMalformed)
	}
	for part := range strings.SplitSeq(header, ",") {
		if err := p.add(strings.TrimSpace(part)); err != nil {
			return parsed{}, err
		}
	}
	if p.ts == "" {
		return parsed{}, fmt.Errorf("no t: %w", ErrMalformed)
	}
	if len(p.macs) == 0 {
		return parsed{}, fmt.Errorf("no v1: %w", ErrMalformed)
	}
	return p, nil
}

// add takes in one "key=value" part of a header.
func (p *parsed) add(part string) error {
	key, value, ok := strings.Cut(part, "=")
	if !ok || key == "" {
		return fmt.Errorf("part %q is not key=value: %w", clip(part), ErrMalformed)
	}
	switch key {
	case "t":
		if p.ts != "" {
			return fmt.Errorf("several t: %w", ErrMalformed)
		}
		unix, err := parseUnix(value)
		if err != nil {
			return err
		}
		p.ts, p.unix = value, unix
	case "v1":
		if len(value) != hex.EncodedLen(sha256.Size) {
			return fmt.Errorf("v1 of %d characters: %w", len(value), ErrMalformed)
		}
		m, err := hex.DecodeString(value)
		if err != nil {
			return fmt.Errorf("v1 is not hex: %w", ErrMalformed)
		}
		p.macs = append(p.macs, m)
	}
	return nil
}

// parseUnix reads t: decimal digits only, no sign, at most 18 of them.
func parseUnix(s string) (int64, error) {
	if s == "" || len(s) > maxTimestampDigits {
		return 0, fmt.Errorf("t of %d digits: %w", len(s), ErrMalformed)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("t %q is not Unix seconds: %w", clip(s), ErrMalformed)
		}
	}
	unix, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("t %q: %w", clip(s), ErrMalformed)
	}
	return unix, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 32
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
