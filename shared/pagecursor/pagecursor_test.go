package pagecursor

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func testSealer(t testing.TB) *Sealer {
	t.Helper()
	s, err := FromSecret([]byte(strings.Repeat("k", 32)), "test")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSealedCursorOpensForItsScopeOnly(t *testing.T) {
	s := testSealer(t)
	scope := Scope{"store", "s-1", "2026-11-21", "PAID"}
	sealed := s.Seal(scope, "inner-cursor")
	if got, err := s.Open(scope, sealed); err != nil || got != "inner-cursor" {
		t.Fatalf("open: %q, %v", got, err)
	}
	for _, other := range []Scope{
		{"store", "s-2", "2026-11-21", "PAID"},
		{"store", "s-1", "2026-11-22", "PAID"},
		{"store", "s-1", "2026-11-21", ""},
		{"store", "s-1", "2026-11-21PAID"},
		{"user", "s-1"},
		nil,
	} {
		if _, err := s.Open(other, sealed); !errors.Is(err, ErrInvalid) {
			t.Errorf("opened for %q: %v", other, err)
		}
	}
}

func TestTamperedCursorIsRefused(t *testing.T) {
	s := testSealer(t)
	scope := Scope{"user", "u-1"}
	sealed := s.Seal(scope, "eyJwIjoidXNlciN1LTEjb3JkZXJzIiwicyI6IjAxIn0")
	raw, _ := base64.RawURLEncoding.DecodeString(sealed)
	for i := range raw {
		changed := append([]byte(nil), raw...)
		changed[i] ^= 0x01
		if _, err := s.Open(scope, base64.RawURLEncoding.EncodeToString(changed)); !errors.Is(err, ErrInvalid) {
			t.Fatalf("byte %d changed, yet opened: %v", i, err)
		}
	}
	for _, bad := range []string{"x", "!!!", sealed[:len(sealed)-1], sealed + "A", strings.Repeat("A", MaxLen+1)} {
		if _, err := s.Open(scope, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q opened: %v", bad, err)
		}
	}
	other, _ := FromSecret([]byte(strings.Repeat("z", 32)), "test")
	if _, err := other.Open(scope, sealed); !errors.Is(err, ErrInvalid) {
		t.Errorf("another key opened it: %v", err)
	}
}

func TestEmptyCursorMeansFirstPage(t *testing.T) {
	s := testSealer(t)
	if got := s.Seal(Scope{"u"}, ""); got != "" {
		t.Errorf("sealed empty cursor = %q", got)
	}
	if got, err := s.Open(Scope{"u"}, ""); got != "" || err != nil {
		t.Errorf("open empty: %q, %v", got, err)
	}
}

func TestKeysTooShortAreRefused(t *testing.T) {
	if _, err := New(make([]byte, MinKeySize-1)); err == nil {
		t.Error("short key accepted")
	}
	if _, err := FromSecret(nil, "x"); err == nil {
		t.Error("empty secret accepted")
	}
}

func FuzzOpen(f *testing.F) {
	s := testSealer(f)
	f.Add(s.Seal(Scope{"user", "u-1"}, "abc"))
	f.Add("")
	f.Add("AQ")
	f.Fuzz(func(t *testing.T, sealed string) {
		inner, err := s.Open(Scope{"user", "u-1"}, sealed)
		if err == nil && sealed != "" && s.Seal(Scope{"user", "u-1"}, inner) != sealed {
			t.Fatalf("%q opened to %q, which seals differently", sealed, inner)
		}
	})
}
