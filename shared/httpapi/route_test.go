package httpapi

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	long := strings.Repeat("a", MaxIDLen+1)
	cases := []struct {
		subpath, pattern string
		ids              []string
		ok, bad          bool
	}{
		{"/orders/o-1", "orders/*", []string{"o-1"}, true, false},
		{"/orders/o-1/", "orders/*", []string{"o-1"}, true, false},
		{"/orders/o-1/timeline", "orders/*/timeline", []string{"o-1"}, true, false},
		{"/orders/o-1/accept", "orders/*/*", []string{"o-1", "accept"}, true, false},
		{"/", "", nil, true, false},
		{"/orders", "orders/*", nil, false, false},
		{"/orders//timeline", "orders/*/timeline", nil, false, false},
		{"/orders/o-1/other", "orders/*/timeline", nil, false, false},
		{"/users/o-1", "orders/*", nil, false, false},
		{"/orders/\xff\xfe", "orders/*", nil, true, true},
		{"/orders/" + long, "orders/*", nil, true, true},
		{"/orders/" + long + "/timeline", "orders/*/timeline", nil, true, true},
	}
	for _, c := range cases {
		ids, ok, err := Match(c.subpath, c.pattern)
		var p *Problem
		if ok != c.ok || (err != nil) != c.bad || (c.bad && (!errors.As(err, &p) || p.Code != CodeInvalidRequest)) ||
			(!c.bad && !slices.Equal(ids, c.ids)) {
			t.Errorf("Match(%q, %q) = %q, %v, %v", c.subpath, c.pattern, ids, ok, err)
		}
	}
}

// FuzzMatch: no subpath a client can send panics, matches with an id that
// is not valid UTF-8 or too long, or yields a problem other than a 400.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"/orders/o-1", "/orders/\xff", "//", "/orders/a/timeline", "/stores/s/orders"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subpath string) {
		for _, pattern := range []string{"orders/*", "orders/*/timeline", "orders/*/*", "stores/*/orders", "*", ""} {
			ids, ok, err := Match(subpath, pattern)
			if err != nil {
				var p *Problem
				if !ok || !errors.As(err, &p) || p.Code.Status() != 400 {
					t.Fatalf("Match(%q, %q): %v", subpath, pattern, err)
				}
				continue
			}
			for _, id := range ids {
				if CheckID("id", id) != nil {
					t.Fatalf("Match(%q, %q) gave id %q", subpath, pattern, id)
				}
			}
		}
	})
}
