package signature

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary headers to the parser: it never panics, keeps
// to its limits, fails only with ErrMissing or ErrMalformed, and whatever
// it accepts has a t of digits and at least one 32-byte MAC.
func FuzzParse(f *testing.F) {
	good := Sign([]byte("k"), time.Unix(1700000000, 0), []byte("{}"))
	for _, s := range []string{"", " ", good, good + "," + good[13:], "t=1,v1=", "t=,v1=x",
		"=,=,=", "t=1700000000,v0=ab,v1=" + strings.Repeat("0", 64), strings.Repeat(",", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		p, err := parse(header)
		if err != nil {
			if !errors.Is(err, ErrMissing) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("parse(%q) error %v is neither ErrMissing nor ErrMalformed", header, err)
			}
			return
		}
		if len(header) > MaxHeaderLen || strings.Count(header, ",") >= MaxParts {
			t.Fatalf("parse(%q) accepted a header beyond the limits", header)
		}
		if p.ts == "" || strings.Trim(p.ts, "0123456789") != "" || p.unix < 0 {
			t.Fatalf("parse(%q) accepted t %q (%d)", header, p.ts, p.unix)
		}
		if len(p.macs) == 0 {
			t.Fatalf("parse(%q) accepted no v1", header)
		}
		for _, m := range p.macs {
			if len(m) != 32 {
				t.Fatalf("parse(%q) accepted a v1 of %d bytes", header, len(m))
			}
		}
	})
}

// FuzzVerify checks that a body signed with Header verifies, and that any
// other body does not.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"event_id":"evt-1"}`), []byte(`{"event_id":"evt-2"}`), int64(1700000000))
	f.Fuzz(func(t *testing.T, body, other []byte, unix int64) {
		if unix < 0 || unix > 1<<40 {
			return
		}
		at := time.Unix(unix, 0)
		secrets := [][]byte{[]byte("a"), []byte("b")}
		h := Header(secrets, at, body)
		if err := Verify(h, body, secrets[1:], at, 0); err != nil {
			t.Fatalf("Verify(Header(...)) = %v", err)
		}
		if string(other) != string(body) {
			if err := Verify(h, other, secrets, at, 0); !errors.Is(err, ErrMismatch) {
				t.Fatalf("Verify of another body = %v, want ErrMismatch", err)
			}
		}
	})
}
