package function

import (
	"fmt"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// Name is the function's name.
const Name = "order-query"

// CursorLabel names the use of the key that seals this function's
// cursors, derived from the jwt-secret (see pagecursor.FromSecret).
const CursorLabel = "order-query"

var entry = app.Entry(Name, Build)

// Handle is the OpenFaaS entry point.
func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }

// Build makes order-query over a repository that only reads (it opens no
// NATS connection), the authenticator and the cursor key derived from the
// jwt-secret's current (first) key: rotating in a new key changes the
// cursor key, so a cursor from before the rotation is refused (400) and
// the client starts its list again.
func Build(d *app.Deps) (*OrderQuery, error) {
	p := d.Parts()
	orders, auth := p.Reader(), p.Auth()
	if err := p.Err(); err != nil {
		return nil, err
	}
	jwtSecret, err := secrets.Current(d.Config.SecretsDir, secrets.JWTSecret)
	if err != nil {
		return nil, fmt.Errorf("cursor key: %w", err)
	}
	cursors, err := pagecursor.FromSecret(jwtSecret, CursorLabel)
	if err != nil {
		return nil, err
	}
	cfg := Config{Timeout: d.Config.QueryTimeout, StoreTimezone: d.Config.StoreTimezone}
	return New(Deps{Orders: orders, Ledger: orders.PaymentLedger(), Auth: auth, Cursors: cursors, Config: cfg, Now: d.Now})
}
