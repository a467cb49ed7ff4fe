package function

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// FuzzOptionValidation sends arbitrary options on a line of the bowl
// (menu(): a required size, an optional spice, up to two add-ons, one not
// available) through decoding, validation and pricing. Whatever it is,
// nothing panics; a refusal is a 400 (or the 409 of the minimum) whose
// every detail names a field of that line; and an accepted line chose
// each group within its bounds, only options the menu has and offers,
// each once, listed in the menu's order, and is priced at the bowl's
// price plus their deltas.
func FuzzOptionValidation(f *testing.F) {
	for _, seed := range []string{
		`[{"group_id":"size","option_id":"large"}]`,
		`[{"group_id":"size","option_id":"small"},{"group_id":"spice","option_id":"hot"},{"group_id":"add-ons","option_id":"egg"},{"group_id":"add-ons","option_id":"beef"}]`,
		`[{"group_id":"size","option_id":"large"},{"group_id":"size","option_id":"large"}]`,
		`[{"group_id":"add-ons","option_id":"tofu"},{"group_id":"size","option_id":"small"}]`,
		`[{"group_id":"sauce","option_id":"soy"}]`,
		`[{"group_id":"","option_id":"x"}]`,
		`[]`, `null`, `{}`, `[{"group_id":"size"}]`, `[{"group_id":"size","option_id":"large","price_delta":0}]`,
	} {
		f.Add(seed, 1)
	}
	f.Fuzz(func(t *testing.T, options string, qty int) {
		body := `{"store_id":"s-1","items":[{"sku_id":"bowl","qty":` + strconv.Itoa(qty) + `,"options":` + options +
			`}],"delivery":{"name":"Li","phone":"13800001234","address":"1 Road"}}`
		var req Request
		if err := httpapi.DecodeJSON(handler.Request{Body: []byte(body)}, &req); err != nil {
			return
		}
		if p := req.validate(); p != nil {
			checkDetails(t, p, "items[0]")
			return
		}
		q, err := price(req, facts{store: menuStore(), items: menu()}, pricedAt)
		if err != nil {
			var p *httpapi.Problem
			if !errors.As(err, &p) || p.Code != httpapi.CodeInvalidRequest && p.Code != CodeBelowMin {
				t.Fatalf("options %s: %v, want 400 or below_min_order", options, err)
			}
			if p.Code == httpapi.CodeInvalidRequest {
				checkDetails(t, p, "items[0].options")
			}
			return
		}
		checkChosen(t, options, q.lines[0].Options, q.lines[0].UnitPrice)
	})
}

// checkChosen holds an accepted line's options to the menu's rules.
func checkChosen(t *testing.T, options string, chosen []order.LineOption, unit int64) {
	t.Helper()
	bowl := menu()["bowl"]
	count := map[string]int{}
	seen := map[order.LineOption]bool{}
	sum, last := bowl.Price, -1
	for _, o := range chosen {
		g, ok := bowl.Group(o.GroupID)
		c, found := g.Choice(o.OptionID)
		at := optionIndex(bowl, o.GroupID, o.OptionID)
		if !ok || !found || !c.Available || c.PriceDelta != o.PriceDelta || seen[o] || at <= last {
			t.Fatalf("options %s: accepted %+v (unknown, unavailable, mispriced, twice or out of order)", options, o)
		}
		seen[o], last = true, at
		count[o.GroupID]++
		sum += o.PriceDelta
	}
	for _, g := range bowl.OptionGroups {
		if n := count[g.GroupID]; n < g.Min || n > g.Max {
			t.Fatalf("options %s: %d of %s accepted, want %d to %d", options, n, g.GroupID, g.Min, g.Max)
		}
	}
	if unit != sum {
		t.Fatalf("options %s: unit price %d, want %d", options, unit, sum)
	}
}

// optionIndex is the position of an option in the menu's order.
func optionIndex(it catalog.Item, group, option string) int {
	n := 0
	for _, g := range it.OptionGroups {
		for _, o := range g.Options {
			if g.GroupID == group && o.OptionID == option {
				return n
			}
			n++
		}
	}
	return -1
}

// checkDetails requires a 400 whose every detail names a field under
// prefix.
func checkDetails(t *testing.T, p *httpapi.Problem, prefix string) {
	t.Helper()
	if p.Code != httpapi.CodeInvalidRequest || len(p.Details) == 0 {
		t.Fatalf("problem %+v, want invalid_request with details", p)
	}
	for _, d := range p.Details {
		if !strings.HasPrefix(d.Field, prefix) || d.Problem == "" {
			t.Fatalf("detail %+v, want a field under %s", d, prefix)
		}
	}
}
