package auth_test

import (
	"errors"
	"testing"

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
