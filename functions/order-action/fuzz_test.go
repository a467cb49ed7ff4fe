package function

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// missingOrders is a store in which no order exists.
type missingOrders struct{}

func (missingOrders) Update(context.Context, string, int64, func(*order.Order) error) (order.Record, error) {
	return order.Record{}, orderstore.ErrNotFound
}

// Any path and body is answered with a client error, never a 500 or a
// panic.
func FuzzHandle(f *testing.F) {
	authn, err := httpapi.NewAuthenticator(testSecret)
	if err != nil {
		f.Fatal(err)
	}
	fn, err := New(Deps{Orders: missingOrders{}, Auth: authn})
	if err != nil {
		f.Fatal(err)
	}
	tok := token(f, user)
	f.Add("/orders/01kz/cancel", `{"reason":"x","expected_version":3}`)
	f.Add("/orders//cancel", ``)
	f.Add("orders/a/b/c", `{"expected_version":-1}`)
	f.Fuzz(func(t *testing.T, path, body string) {
		fx := &fixture{fn: fn}
		resp := fx.call(t, tok, "POST", path, body)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Fatalf("%q %q answered %d %s", path, body, resp.StatusCode, resp.Body)
		}
	})
}
