package function

import (
	"fmt"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// chooseOptions checks the choices of line i against the item's option
// groups and returns them priced, in the catalog's order, with the sum of
// their price deltas. Every problem is added to d, naming its field: a
// group or option the item does not have, an option not available now
// (items[i].options[j]...), a group chosen fewer than its min or more
// than its max times (items[i].options).
func chooseOptions(d *httpapi.Details, i int, it catalog.Item, choices []OptionChoice) ([]order.LineOption, int64) {
	at := fmt.Sprintf("items[%d].options", i)
	chosen := make(map[string]map[string]bool, len(it.OptionGroups))
	for j, c := range choices {
		g, ok := it.Group(c.Group)
		if !ok {
			d.Add(fmt.Sprintf("%s[%d].group_id", at, j), "the item has no such option group")
			continue
		}
		switch o, ok := g.Choice(c.Option); {
		case !ok:
			d.Add(fmt.Sprintf("%s[%d].option_id", at, j), fmt.Sprintf("the group %q has no such option", g.GroupID))
		case !o.Available:
			d.Add(fmt.Sprintf("%s[%d].option_id", at, j), "not available now")
		}
		if chosen[g.GroupID] == nil {
			chosen[g.GroupID] = map[string]bool{}
		}
		chosen[g.GroupID][c.Option] = true
	}
	var lines []order.LineOption
	var deltas int64
	for _, g := range it.OptionGroups {
		switch n := len(chosen[g.GroupID]); {
		case n < g.Min:
			d.Add(at, fmt.Sprintf("choose at least %d of %q (%s)", g.Min, g.GroupID, g.Name))
		case n > g.Max:
			d.Add(at, fmt.Sprintf("choose at most %d of %q (%s)", g.Max, g.GroupID, g.Name))
		}
		for _, o := range g.Options {
			if chosen[g.GroupID][o.OptionID] {
				lines = append(lines, order.LineOption{GroupID: g.GroupID, OptionID: o.OptionID, Name: o.Name, PriceDelta: o.PriceDelta})
				deltas += min(o.PriceDelta, maxPrice)
			}
		}
	}
	return lines, deltas
}
