package function

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/pagecursor"
	"github.com/ordercenter/ordercenter/shared/platform"
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
	authn, err := platform.NewAuthenticator(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	cursors, err := pagecursor.FromSecret(testSecret, CursorLabel)
	if err != nil {
		t.Fatal(err)
	}
	repo := orderstore.New(store, orderstore.Options{Logger: slog.New(slog.DiscardHandler)})
	d := Deps{Orders: repo, Auth: authn, Cursors: cursors}
	if !now.IsZero() {
		d.Now = func() time.Time { return now }
	}
	fn, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{repo: repo, fn: fn}
}

var (
	tokensMu sync.Mutex
	tokens   = map[order.Actor]string{}
)

// token signs (once) a bearer token for the actor.
func token(t testing.TB, a order.Actor) string {
	t.Helper()
	tokensMu.Lock()
	defer tokensMu.Unlock()
	if tok, ok := tokens[a]; ok {
		return tok
	}
	role, err := auth.ParseRole(a.Role.String())
	if err != nil {
		t.Fatal(err)
	}
	p := auth.Principal{Subject: a.ID, Role: role}
	if role == auth.RoleMerchant {
		p.StoreID = a.StoreID
	}
	tok, err := auth.Sign(testSecret, p, 24*time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tokens[a] = tok
	return tok
}

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

func errorCode(resp handler.Response) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(resp.Body, &e)
	return e.Error.Code
}

func decode[T any](t testing.TB, resp handler.Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", resp.Body, err)
	}
	return v
}
