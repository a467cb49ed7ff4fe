package httpapi

import (
	"fmt"
	"log/slog"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// Authenticator verifies the caller's JWT (contract section 3) and names
// the caller as an order actor.
type Authenticator struct {
	verifier func() *auth.Verifier
	now      func() time.Time
}

// NewAuthenticator verifies tokens signed with any of keys and living at
// most auth.DefaultMaxTTL. It is for tests and tools; the functions read
// the jwt-secret file with AuthenticatorFromSecrets. It fails as
// auth.NewVerifier does.
func NewAuthenticator(keys ...[]byte) (*Authenticator, error) {
	v, err := auth.NewVerifier(keys...)
	if err != nil {
		return nil, err
	}
	return &Authenticator{verifier: func() *auth.Verifier { return v }, now: time.Now}, nil
}

// AuthenticatorFromSecrets verifies tokens signed with any key of the
// jwt-secret file in dir (one a line, the current first: see
// secrets.Lines) and living at most maxTTL (MAX_TOKEN_TTL; 0 or less:
// auth.DefaultMaxTTL). It reads the file again at most every
// secrets.DefaultReloadInterval, so that a rotation is taken up without a
// restart; a file that cannot be read then, or holds a weak key, leaves
// the keys in use. It fails as its first read does, wrapping
// secrets.ErrMissing, secrets.ErrEmpty or auth.ErrWeakSecret.
func AuthenticatorFromSecrets(dir string, maxTTL time.Duration) (*Authenticator, error) {
	r, err := secrets.NewReloader(dir, secrets.JWTSecret, 0, nil, func(keys [][]byte) (*auth.Verifier, error) {
		v, err := auth.NewVerifier(keys...)
		if err != nil {
			return nil, err
		}
		return v.WithMaxTTL(maxTTL), nil
	})
	if err != nil {
		return nil, fmt.Errorf("authenticator: %w", err)
	}
	return &Authenticator{verifier: r.Get, now: time.Now}, nil
}

// Actor returns who calls. A token that auth.Verifier refuses (missing,
// malformed, wrongly signed, expired, not yet valid, living too long) is a
// 401 Problem with one message whatever the cause; why is logged at debug,
// never told.
func (a *Authenticator) Actor(req handler.Request) (order.Actor, error) {
	p, err := a.verifier().Verify(req.Header.Get("Authorization"), a.now())
	if err != nil {
		slog.DebugContext(Context(req), "token refused", "reason", err)
		return order.Actor{}, &Problem{Code: CodeUnauthorized, Message: "missing or invalid bearer token"}
	}
	role, err := order.ParseRole(p.Role.String())
	if err != nil {
		return order.Actor{}, &Problem{Code: CodeUnauthorized, Message: "missing or invalid bearer token"}
	}
	return order.Actor{Role: role, ID: p.Subject, StoreID: p.StoreID}, nil
}
