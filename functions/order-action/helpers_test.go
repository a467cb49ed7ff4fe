package function

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/httpapi/httpapitest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

var testSecret = []byte(strings.Repeat("s", 32))

// fixture is the function over a real store, with tokens for its callers.
type fixture struct {
	repo *orderstore.Repository
	fn   *OrderAction
}

func newFixture(t testing.TB, store kv.Store) *fixture {
	t.Helper()
	authn, err := httpapi.NewAuthenticator(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	repo := orderstore.New(store, orderstore.Options{Logger: quiet})
	fn, err := New(Deps{Orders: repo, Auth: authn, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{repo: repo, fn: fn}
}

// errorCode is the code of an error answer ("" if the body is not one).
func errorCode(resp handler.Response) string { return httpapitest.ErrorCode(resp) }

// token signs a bearer token for the actor.
func token(t testing.TB, a order.Actor) string { return httpapitest.Token(t, testSecret, a) }

// call sends one request to the function as the gateway would.
func (f *fixture) call(t testing.TB, tok, method, path, body string) handler.Response {
	t.Helper()
	h := http.Header{httpapi.PathHeader: {path}}
	if tok != "" {
		h.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		h.Set("Content-Type", "application/json")
	}
	req := handler.Request{Method: method, Header: h, Body: []byte(body)}
	req.WithContext(context.Background())
	resp, err := f.fn.Handle(req)
	if err != nil {
		t.Fatalf("handle: %v", err)
	}
	return resp
}

// act performs an action as the actor.
func (f *fixture) act(t testing.TB, a order.Actor, id, action, body string) handler.Response {
	t.Helper()
	return f.call(t, token(t, a), http.MethodPost, "/orders/"+id+"/"+action, body)
}

func decodeRecord(t testing.TB, resp handler.Response) order.Record {
	t.Helper()
	var rec order.Record
	if err := json.Unmarshal(resp.Body, &rec); err != nil {
		t.Fatalf("decode %s: %v", resp.Body, err)
	}
	return rec
}

func (f *fixture) version(t testing.TB, id string) (order.Status, int64) {
	t.Helper()
	o, err := f.repo.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Status(), o.Version()
}
