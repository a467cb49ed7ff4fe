package function

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// FuzzActionRoute fuzzes the parsing of the action's path: the route
// refuses only with a 400 Problem, an action is parsed only when it is a
// client action spelled exactly, and Handle answers any such path with a
// 4xx (the orders here do not exist).
func FuzzActionRoute(f *testing.F) {
	for _, s := range []string{"cancel", "accept", "pay_timeout", "Cancel", "cancel ", "\xff", "", "a/b", "..", "%2F"} {
		f.Add("01kz0000000000000000000000", s)
	}
	authn, err := httpapi.NewAuthenticator(testSecret)
	if err != nil {
		f.Fatal(err)
	}
	fn, err := New(Deps{Orders: missingOrders{}, Auth: authn})
	if err != nil {
		f.Fatal(err)
	}
	tok := token(f, user)
	f.Fuzz(func(t *testing.T, id, action string) {
		path := "/orders/" + id + "/" + action
		ids, ok, err := httpapi.Match(path, "orders/*/*")
		if err != nil {
			var p *httpapi.Problem
			if !ok || !errors.As(err, &p) || p.Code.Status() != http.StatusBadRequest {
				t.Fatalf("Match(%q): %v", path, err)
			}
		}
		if ok && err == nil {
			a, perr := order.ParseAction(ids[1])
			switch {
			case perr != nil && !errors.Is(perr, order.ErrInvalidOrder):
				t.Fatalf("ParseAction(%q): %v", ids[1], perr)
			case perr == nil && (a.String() != ids[1] || a.IsSystem() || !slices.Contains(order.Actions(), a)):
				t.Fatalf("ParseAction(%q) = %q", ids[1], a)
			}
		}
		resp := (&fixture{fn: fn}).call(t, tok, http.MethodPost, path, "")
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Fatalf("%q answered %d %s", path, resp.StatusCode, resp.Body)
		}
	})
}
