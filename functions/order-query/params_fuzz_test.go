package function

import (
	"errors"
	"net/http"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// FuzzQueryString fuzzes the query-string parsers of the lists and of a
// single resource: they never panic, refuse only with a 400 Problem, and
// what they accept is in range (limit 1 to MaxLimit, a real date, a
// real status or none).
func FuzzQueryString(f *testing.F) {
	for _, s := range []string{"", "limit=20", "limit=0", "limit=101", "limit=1e2", "limit=-1", "limit=9999999999999999999",
		"cursor=abc", "cursor=%ff%fe", "date=2026-11-21", "date=2026-02-30", "date=2026-1-1", "status=PAID",
		"status=paid", "limit=1&limit=2", "x=1", "%zz", "a=1;b=2", "date=2026-11-21&status=READY&limit=5&cursor="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		p, err := parsePage(query, "limit", "cursor", "date", "status")
		if err != nil {
			requireBadRequest(t, "parsePage", query, err)
		} else {
			_, statusErr := order.ParseStatus(p.status.String())
			switch {
			case p.Limit < 1 || p.Limit > MaxLimit:
				t.Fatalf("parsePage(%q): limit %d", query, p.Limit)
			case p.day != "" && !validDay(p.day):
				t.Fatalf("parsePage(%q): day %q", query, p.day)
			case !p.status.IsZero() && statusErr != nil:
				t.Fatalf("parsePage(%q): status %q", query, p.status)
			}
		}
		if err := noParams(query); err != nil {
			requireBadRequest(t, "noParams", query, err)
		}
	})
}

// FuzzRoute fuzzes the subpath parser: a subpath matches a route with
// ids that pass httpapi.CheckID, or is refused with a 404 (no route) or
// 400 (an id that is no id) Problem, never anything else.
func FuzzRoute(f *testing.F) {
	for _, s := range []string{"/orders/o-1", "/orders/o-1/timeline", "/users/me/orders", "/stores/s-1/orders",
		"/orders/\xff\xfe", "/orders//timeline", "/stores/../orders", "/", "", "//", "/orders/a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subpath string) {
		rt, ids, err := match(subpath)
		if err != nil {
			var p *httpapi.Problem
			if !errors.As(err, &p) || (p.Code.Status() != http.StatusNotFound && p.Code.Status() != http.StatusBadRequest) {
				t.Fatalf("match(%q): %v", subpath, err)
			}
			return
		}
		if rt.serve == nil {
			t.Fatalf("match(%q): no route, no error", subpath)
		}
		for _, id := range ids {
			if httpapi.CheckID("id", id) != nil {
				t.Fatalf("match(%q) gave id %q", subpath, id)
			}
		}
	})
}

// requireBadRequest fails unless err is a 400 Problem.
func requireBadRequest(t *testing.T, parser, input string, err error) {
	t.Helper()
	var p *httpapi.Problem
	if !errors.As(err, &p) || p.Code.Status() != http.StatusBadRequest {
		t.Fatalf("%s(%q): %v is not a 400 Problem", parser, input, err)
	}
}
