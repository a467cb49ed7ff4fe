package signature_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/signature"
)

func TestVerify(t *testing.T) {
	const ts = "1700000000"
	now := time.Unix(1700000000, 0)
	body := `{"event_id":"evt-1","type":"payment.succeeded","order_id":"o-1","amount":5800}`
	good := golden("current", ts, body)
	old := golden("previous", ts, body)
	other := golden("attacker", ts, body)
	both := [][]byte{[]byte("current"), []byte("previous")}

	tests := []struct {
		name      string
		header    string
		body      string
		secrets   [][]byte
		now       time.Time
		tolerance time.Duration
		want      error // nil, or a sentinel
	}{
		{"valid", "t=" + ts + ",v1=" + good, body, both, now, 0, nil},
		{"second secret matches", "t=" + ts + ",v1=" + old, body, both, now, 0, nil},
		{"one of several v1 matches", "t=" + ts + ",v1=" + other + ",v1=" + old, body, both, now, 0, nil},
		{"spaces and unknown scheme", " t=" + ts + " , v0=abc , v1=" + good + " ", body, both, now, 0, nil},
		{"upper-case hex", "t=" + ts + ",v1=" + strings.ToUpper(good), body, both, now, 0, nil},
		{"empty secret skipped", "t=" + ts + ",v1=" + good, body, [][]byte{nil, []byte("current")}, now, 0, nil},
		{"edge of past", "t=" + ts + ",v1=" + good, body, both, now.Add(300 * time.Second), 0, nil},
		{"edge of future", "t=" + ts + ",v1=" + good, body, both, now.Add(-300 * time.Second), 0, nil},
		{"custom tolerance", "t=" + ts + ",v1=" + good, body, both, now.Add(time.Hour), 2 * time.Hour, nil},

		{"missing", "", body, both, now, 0, signature.ErrMissing},
		{"blank", "  ", body, both, now, 0, signature.ErrMissing},
		{"no t", "v1=" + good, body, both, now, 0, signature.ErrMalformed},
		{"no v1", "t=" + ts, body, both, now, 0, signature.ErrMalformed},
		{"two t", "t=" + ts + ",t=" + ts + ",v1=" + good, body, both, now, 0, signature.ErrMalformed},
		{"signed t", "t=+" + ts + ",v1=" + good, body, both, now, 0, signature.ErrMalformed},
		{"float t", "t=1700000000.5,v1=" + good, body, both, now, 0, signature.ErrMalformed},
		{"huge t", "t=9999999999999999999999,v1=" + good, body, both, now, 0, signature.ErrMalformed},
		{"short v1", "t=" + ts + ",v1=" + good[:10], body, both, now, 0, signature.ErrMalformed},
		{"non-hex v1", "t=" + ts + ",v1=" + strings.Repeat("zz", 32), body, both, now, 0, signature.ErrMalformed},
		{"no equals", "t=" + ts + ",v1" + good, body, both, now, 0, signature.ErrMalformed},
		{"too long", "t=" + ts + ",v1=" + good + ",x=" + strings.Repeat("a", signature.MaxHeaderLen), body, both, now, 0, signature.ErrMalformed},
		{"too many parts", "t=" + ts + strings.Repeat(",v1="+good, signature.MaxParts), body, both, now, 0, signature.ErrMalformed},
		{"stale", "t=" + ts + ",v1=" + good, body, both, now.Add(301 * time.Second), 0, signature.ErrStale},
		{"from the future", "t=" + ts + ",v1=" + good, body, both, now.Add(-301 * time.Second), 0, signature.ErrStale},
		{"wrong secret", "t=" + ts + ",v1=" + other, body, both, now, 0, signature.ErrMismatch},
		{"body changed", "t=" + ts + ",v1=" + good, body + " ", both, now, 0, signature.ErrMismatch},
		{"t changed", "t=1700000001,v1=" + good, body, both, now, 0, signature.ErrMismatch},
		{"t with leading zero", "t=0" + ts + ",v1=" + good, body, both, now, 0, signature.ErrMismatch},
		{"no secrets", "t=" + ts + ",v1=" + good, body, nil, now, 0, signature.ErrNoSecrets},
		{"only empty secrets", "t=" + ts + ",v1=" + good, body, [][]byte{{}}, now, 0, signature.ErrNoSecrets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := signature.Verify(tt.header, []byte(tt.body), tt.secrets, tt.now, tt.tolerance)
			checkVerifyError(t, err, tt.want)
		})
	}
}

// checkVerifyError checks err is want, and that refusals (and only they)
// are ErrInvalid.
func checkVerifyError(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("Verify = %v, want nil", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("Verify = %v, want %v", err, want)
	}
	refusal := want != signature.ErrNoSecrets
	if errors.Is(err, signature.ErrInvalid) != refusal {
		t.Fatalf("errors.Is(%v, ErrInvalid) = %v, want %v", err, !refusal, refusal)
	}
}

func TestSentinelsAreDistinct(t *testing.T) {
	all := []error{signature.ErrMissing, signature.ErrMalformed, signature.ErrStale, signature.ErrMismatch}
	for i, a := range all {
		if !errors.Is(a, signature.ErrInvalid) {
			t.Errorf("%v does not wrap ErrInvalid", a)
		}
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v is %v", a, b)
			}
		}
	}
}

func TestHeaderVerifiesRoundTrip(t *testing.T) {
	now := time.Now()
	body := []byte(`{"event_id":"evt-9"}`)
	secrets := [][]byte{[]byte("new"), []byte("old")}
	h := signature.Header(secrets, now, body)
	for _, receiver := range [][][]byte{secrets, secrets[:1], secrets[1:], {[]byte("x"), []byte("old")}} {
		if err := signature.Verify(h, body, receiver, now, signature.DefaultTolerance); err != nil {
			t.Fatalf("Verify(%q) with %q: %v", h, receiver, err)
		}
	}
	if err := signature.Verify(h, body, [][]byte{[]byte("x")}, now, 0); !errors.Is(err, signature.ErrMismatch) {
		t.Fatalf("Verify with a foreign secret = %v, want ErrMismatch", err)
	}
}
