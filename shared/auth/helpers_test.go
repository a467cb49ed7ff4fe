package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ordercenter/ordercenter/shared/auth"
)

var (
	testSecret  = []byte("0123456789abcdef0123456789abcdef-test")
	otherSecret = []byte("fedcba9876543210fedcba9876543210-other")
	testNow     = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

// newVerifier returns a Verifier of testSecret.
func newVerifier(t testing.TB) *auth.Verifier {
	t.Helper()
	v, err := auth.NewVerifier(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sign returns a token for p from auth.Sign, valid for an hour at testNow.
func sign(t testing.TB, p auth.Principal) string {
	t.Helper()
	tok, err := auth.Sign(testSecret, p, time.Hour, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// claims returns the claims of a valid user token at testNow; tests
// change or delete entries to build bad tokens.
func claims() jwt.MapClaims {
	return jwt.MapClaims{
		"sub":  "u-1",
		"role": "user",
		"iat":  testNow.Unix(),
		"exp":  testNow.Add(time.Hour).Unix(),
	}
}

// with returns claims() with the given entries set, or deleted when nil.
func with(kv ...any) jwt.MapClaims {
	c := claims()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(c, kv[i].(string))
		} else {
			c[kv[i].(string)] = kv[i+1]
		}
	}
	return c
}

// raw signs c with method and key, bypassing auth.Sign's checks.
func raw(t testing.TB, method jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rsaKey is generated once, for the RS256 case.
var rsaKey = func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}()
