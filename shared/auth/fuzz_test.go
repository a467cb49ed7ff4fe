package auth_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ordercenter/ordercenter/shared/auth"
)

// FuzzVerify feeds arbitrary Authorization headers to Verify: it must never
// panic, every failure must wrap ErrUnauthorized, and every success must
// name a valid principal.
func FuzzVerify(f *testing.F) {
	v := newVerifier(f)
	f.Add("Bearer " + sign(f, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}))
	f.Add("Bearer " + raw(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims()))
	f.Add("Bearer " + raw(f, jwt.SigningMethodHS256, testSecret, with("role", "admin")))
	f.Add("Bearer e30.e30.")
	f.Add("bearer a.b.c")
	f.Add("Basic dTpw")
	f.Add("")
	f.Fuzz(func(t *testing.T, header string) {
		p, err := v.Verify(header, testNow)
		if err != nil {
			if !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("Verify(%q) error %v does not wrap ErrUnauthorized", header, err)
			}
			return
		}
		if verr := p.Validate(); verr != nil {
			t.Fatalf("Verify(%q) accepted an invalid principal: %v", header, verr)
		}
	})
}

// FuzzVerifyClaims feeds arbitrary payloads, signed with the Verifier's
// secret so that they reach the claims decoder and the time checks, to
// Verify: it must never panic, every failure must wrap ErrUnauthorized, and
// every token accepted must carry exp, and iat and nbf when present, as
// JSON numbers, and name a valid principal.
func FuzzVerifyClaims(f *testing.F) {
	v := newVerifier(f)
	for _, c := range []jwt.MapClaims{claims(), with("iat", nil), with("exp", "1748782800"), with("iat", "1748779200"),
		with("nbf", 1748779200.5), with("exp", nil), with("exp", json.RawMessage("null")), with("exp", 1e300),
		with("role", "merchant", "store_id", "s-1"), with("exp", testNow.Add(48*time.Hour).Unix())} {
		b, err := json.Marshal(c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"sub":"u-1","role":"user","exp":1748782800,"EXP":"x","exp":1748782801}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		header := "Bearer " + signPayload(t, payload)
		p, err := v.Verify(header, testNow)
		if err != nil {
			if !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("Verify(%q) error %v does not wrap ErrUnauthorized", payload, err)
			}
			return
		}
		if verr := p.Validate(); verr != nil {
			t.Fatalf("Verify(%q) accepted an invalid principal: %v", payload, verr)
		}
		dec := json.NewDecoder(bytes.NewReader(payload))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("Verify accepted %q, which is no JSON object: %v", payload, err)
		}
		for _, name := range []string{"exp", "iat", "nbf"} {
			value, ok := m[name]
			if _, number := value.(json.Number); (ok || name == "exp") && !number {
				t.Fatalf("Verify accepted %q, whose %s is %#v", payload, name, value)
			}
		}
	})
}

// signPayload returns a token of the raw payload, signed with testSecret.
func signPayload(t testing.TB, payload []byte) string {
	t.Helper()
	enc := base64.RawURLEncoding
	text := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload)
	sig, err := jwt.SigningMethodHS256.Sign(text, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return text + "." + enc.EncodeToString(sig)
}

// BenchmarkVerify measures the check every authenticated call makes.
func BenchmarkVerify(b *testing.B) {
	v := newVerifier(b)
	header := "Bearer " + sign(b, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(header, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
