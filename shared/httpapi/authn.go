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
	verifier *auth.Verifier
	now      func() time.Time
}

// NewAuthenticator verifies tokens signed with secret.
func NewAuthenticator(secret []byte) (*Authenticator, error) {
	v, err := auth.NewVerifier(secret)
	if err != nil {
		return nil, err
	}
	return &Authenticator{verifier: v, now: time.Now}, nil
}

// AuthenticatorFromSecrets reads the jwt-secret from the secrets directory.
func AuthenticatorFromSecrets(dir string) (*Authenticator, error) {
	secret, err := secrets.Read(dir, secrets.JWTSecret)
	if err != nil {
		return nil, fmt.Errorf("authenticator: %w", err)
	}
	return NewAuthenticator(secret)
}

// Actor returns who calls. A missing, malformed, wrongly signed or expired
// token is a 401 Problem; why is logged, never told.
func (a *Authenticator) Actor(req handler.Request) (order.Actor, error) {
	p, err := a.verifier.Verify(req.Header.Get("Authorization"), a.now())
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
