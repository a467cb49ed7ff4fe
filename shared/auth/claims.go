package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// maxNumericDate is the latest time a claim may name, 9999-12-31T23:59:59Z,
// so that every accepted one is a time.Time without overflow.
const maxNumericDate = 253402300799

// claims is the payload of an order center token. Its JSON form is read
// by UnmarshalJSON, strictly; zero times are claims the token lacks.
type claims struct {
	Subject   string
	Role      string
	StoreID   string
	ExpiresAt time.Time
	IssuedAt  time.Time
	NotBefore time.Time
}

// claimError says which claim of a token is malformed, in words of our own
// (never the token's text), so that it is safe to log.
type claimError struct{ claim, problem string }

func (e *claimError) Error() string { return e.claim + " " + e.problem }

// UnmarshalJSON reads a token's payload: sub, role and store_id must be
// strings when present; exp, iat and nbf JSON numbers (RFC 7519 NumericDate:
// seconds since 1970, fractions allowed) from 0 to the end of year 9999,
// never strings nor null. Names are matched exactly; other claims are
// ignored.
func (c *claims) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return &claimError{"payload", "not a JSON object"}
	}
	for _, s := range []struct {
		name string
		to   *string
	}{{"sub", &c.Subject}, {"role", &c.Role}, {"store_id", &c.StoreID}} {
		if raw, ok := m[s.name]; ok && json.Unmarshal(raw, s.to) != nil {
			return &claimError{s.name, "not a string"}
		}
	}
	for _, d := range []struct {
		name string
		to   *time.Time
	}{{"exp", &c.ExpiresAt}, {"iat", &c.IssuedAt}, {"nbf", &c.NotBefore}} {
		raw, ok := m[d.name]
		if !ok {
			continue
		}
		t, err := numericDate(d.name, raw)
		if err != nil {
			return err
		}
		*d.to = t
	}
	return nil
}

// numericDate reads the claim name, a JSON number of seconds since 1970.
func numericDate(name string, raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return time.Time{}, &claimError{name, "not a JSON number"}
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f < 0 || f > maxNumericDate {
		return time.Time{}, &claimError{name, "out of range"}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// MarshalJSON writes the claims as Sign puts them in a token: times in
// whole seconds, store_id only when set.
func (c *claims) MarshalJSON() ([]byte, error) {
	type out struct {
		Subject   string `json:"sub"`
		Role      string `json:"role"`
		StoreID   string `json:"store_id,omitempty"`
		IssuedAt  int64  `json:"iat"`
		ExpiresAt int64  `json:"exp"`
	}
	return json.Marshal(out{Subject: c.Subject, Role: c.Role, StoreID: c.StoreID,
		IssuedAt: c.IssuedAt.Unix(), ExpiresAt: c.ExpiresAt.Unix()})
}

// check reports whether the times of the claims are valid at now: exp
// present and not passed, nbf and iat not ahead of now, each within
// Leeway, and a lifetime (exp minus iat, or minus now without iat, then
// with Leeway) of at most maxTTL.
func (c *claims) check(now time.Time, maxTTL time.Duration) error {
	switch {
	case c.ExpiresAt.IsZero():
		return errors.New("no exp claim")
	case !now.Before(c.ExpiresAt.Add(Leeway)):
		return errors.New("token expired (exp)")
	case !c.NotBefore.IsZero() && now.Add(Leeway).Before(c.NotBefore):
		return errors.New("token not valid yet (nbf)")
	case !c.IssuedAt.IsZero() && now.Add(Leeway).Before(c.IssuedAt):
		return errors.New("token issued in the future (iat)")
	}
	if !c.IssuedAt.IsZero() {
		if life := c.ExpiresAt.Sub(c.IssuedAt); life > maxTTL {
			return fmt.Errorf("token lifetime %v (exp minus iat) longer than %v", life, maxTTL)
		}
	} else if life := c.ExpiresAt.Sub(now); life > maxTTL+Leeway {
		return fmt.Errorf("token lifetime %v (exp minus now, no iat) longer than %v", life.Round(time.Second), maxTTL)
	}
	return nil
}

// principal returns the principal the claims name, validated.
func (c *claims) principal() (Principal, error) {
	role, err := ParseRole(c.Role)
	if err != nil {
		return Principal{}, err
	}
	p := Principal{Subject: c.Subject, Role: role}
	if role == RoleMerchant {
		p.StoreID = c.StoreID
	}
	if err := p.Validate(); err != nil {
		return Principal{}, err
	}
	return p, nil
}

// The jwt.Claims interface. Verify does not use jwt's validator (it checks
// the times itself, with check), but the parser requires the methods.

func (c *claims) GetExpirationTime() (*jwt.NumericDate, error) { return numeric(c.ExpiresAt), nil }
func (c *claims) GetIssuedAt() (*jwt.NumericDate, error)       { return numeric(c.IssuedAt), nil }
func (c *claims) GetNotBefore() (*jwt.NumericDate, error)      { return numeric(c.NotBefore), nil }
func (c *claims) GetIssuer() (string, error)                   { return "", nil }
func (c *claims) GetSubject() (string, error)                  { return c.Subject, nil }
func (c *claims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

// numeric is t as a jwt.NumericDate, nil for the zero time.
func numeric(t time.Time) *jwt.NumericDate {
	if t.IsZero() {
		return nil
	}
	return jwt.NewNumericDate(t)
}
