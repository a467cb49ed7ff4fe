package function

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
)

var testSecret = []byte(strings.Repeat("s", 32))

// fixture is the function over a real store.
type fixture struct {
	repo *orderstore.Repository
	fn   *OrderQuery
}

// newFixture serves the store; now, when not zero, is the function's clock.
func newFixture(t testing.TB, store kv.Store, now time.Time) *fixture {
	t.Helper()
	authn, err := httpapi.NewAuthenticator(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	cursors, err := pagecursor.FromSecret(testSecret, CursorLabel)
	if err != nil {
		t.Fatal(err)
	}
	repo := orderstore.New(store, orderstore.Options{Logger: slog.New(slog.DiscardHandler)})
	d := Deps{Orders: repo, Ledger: repo.PaymentLedger(), Auth: authn, Cursors: cursors}
	if !now.IsZero() {
		d.Now = func() time.Time { return now }
	}
	fn, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{repo: repo, fn: fn}
}

// errorCode is the code of an error answer ("" if the body is not one).
func errorCode(resp handler.Response) string { return httpapitest.ErrorCode(resp) }

// token signs (once) a bearer token for the actor.
func token(t testing.TB, a order.Actor) string { return httpapitest.Token(t, testSecret, a) }

// request is what the gateway hands the function for a GET of target
// (subpath and query string) by the actor.
func request(t testing.TB, a order.Actor, target string) handler.Request {
	path, query, _ := strings.Cut(target, "?")
	req := handler.Request{Method: http.MethodGet, QueryString: query, Header: http.Header{
		httpapi.PathHeader: {path}, "Authorization": {"Bearer " + token(t, a)}}}
	req.WithContext(context.Background())
	return req
}

// get reads target as the actor.
func (f *fixture) get(t testing.TB, a order.Actor, target string) handler.Response {
	t.Helper()
	resp, err := f.fn.Handle(request(t, a, target))
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	return resp
}

func decode[T any](t testing.TB, resp handler.Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", resp.Body, err)
	}
	return v
}
