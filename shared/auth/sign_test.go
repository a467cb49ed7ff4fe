package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ordercenter/ordercenter/shared/auth"
)

func TestSignClaims(t *testing.T) {
	tests := []struct {
		p         auth.Principal
		wantStore any
	}{
		{auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-1"}, "s-1"},
		{auth.Principal{Subject: "u-1", Role: auth.RoleUser, StoreID: "s-1"}, nil},
	}
	for _, tt := range tests {
		tok := sign(t, tt.p)
		c := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(tok, c); err != nil {
			t.Fatal(err)
		}
		if c["sub"] != tt.p.Subject || c["role"] != tt.p.Role.String() || c["store_id"] != tt.wantStore {
			t.Errorf("claims of %+v = %v", tt.p, c)
		}
		if c["iat"] != float64(testNow.Unix()) || c["exp"] != float64(testNow.Add(time.Hour).Unix()) {
			t.Errorf("times of %+v = iat %v, exp %v", tt.p, c["iat"], c["exp"])
		}
	}
}

func TestSignRefuses(t *testing.T) {
	user := auth.Principal{Subject: "u-1", Role: auth.RoleUser}
	tests := []struct {
		name    string
		secret  []byte
		p       auth.Principal
		ttl     time.Duration
		wantErr error
	}{
		{"short secret", []byte("short"), user, time.Hour, auth.ErrWeakSecret},
		{"empty subject", testSecret, auth.Principal{Role: auth.RoleUser}, time.Hour, auth.ErrInvalidPrincipal},
		{"no role", testSecret, auth.Principal{Subject: "u-1"}, time.Hour, auth.ErrInvalidPrincipal},
		{"merchant without store", testSecret, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant}, time.Hour, auth.ErrInvalidPrincipal},
		{"zero ttl", testSecret, user, 0, nil},
		{"negative ttl", testSecret, user, -time.Second, nil},
	}
	for _, tt := range tests {
		tok, err := auth.Sign(tt.secret, tt.p, tt.ttl, testNow)
		if err == nil || tok != "" {
			t.Errorf("%s: Sign = %q, %v; want an error", tt.name, tok, err)
			continue
		}
		if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: Sign error = %v, want %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, name := range []string{"user", "merchant", "rider", "service"} {
		r, err := auth.ParseRole(name)
		if err != nil || r.String() != name || r.IsZero() {
			t.Errorf("ParseRole(%q) = %v, %v", name, r, err)
		}
	}
	for _, bad := range []string{"", "system", "User", "admin"} {
		if r, err := auth.ParseRole(bad); !errors.Is(err, auth.ErrInvalidPrincipal) || !r.IsZero() {
			t.Errorf("ParseRole(%q) = %v, %v; want ErrInvalidPrincipal", bad, r, err)
		}
	}
	if n := len(auth.Roles()); n != 4 {
		t.Errorf("len(Roles()) = %d, want 4", n)
	}
}
