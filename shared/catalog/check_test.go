package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

func TestStoreProblems(t *testing.T) {
	here := &catalog.Location{Lat: 31.2, Lng: 121.4}
	bands := func(b ...catalog.DeliveryBand) catalog.Fees { return catalog.Fees{Location: here, DeliveryBands: b} }
	tests := []struct {
		name string
		fees catalog.Fees
		want []string // each must appear; none: no problem
	}{
		{"none", catalog.Fees{}, nil},
		{"every rule", catalog.Fees{Location: here, DeliveryBands: []catalog.DeliveryBand{{UpToM: 1000, Fee: 300}, {UpToM: 3000, Fee: 500}},
			FreeDeliveryOver: 8000, AllowSmallOrder: true, SmallOrderFee: 300, PackingFeePerItem: 50}, nil},
		{"negative money", catalog.Fees{FreeDeliveryOver: -1, SmallOrderFee: -2, PackingFeePerItem: -3},
			[]string{"negative free_delivery_over -1", "negative small_order_fee -2", "negative packing_fee_per_item -3"}},
		{"bands without location", catalog.Fees{DeliveryBands: []catalog.DeliveryBand{{UpToM: 1000}}},
			[]string{"delivery_bands need the store's location"}},
		{"location off Earth", catalog.Fees{Location: &catalog.Location{Lat: 91, Lng: 0}}, []string{"location (91, 0)"}},
		{"bands out of order", bands(catalog.DeliveryBand{UpToM: 3000, Fee: 500}, catalog.DeliveryBand{UpToM: 3000, Fee: 800}),
			[]string{"delivery_bands[1].up_to_m 3000: must be above 3000"}},
		{"band of no reach", bands(catalog.DeliveryBand{UpToM: 0, Fee: 1}), []string{"delivery_bands[0].up_to_m 0"}},
		{"negative band fee", bands(catalog.DeliveryBand{UpToM: 10, Fee: -1}), []string{"negative delivery_bands[0].fee -1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, catalog.Store{StoreID: "s-1", Fees: tt.fees}.Problems(), tt.want)
		})
	}
}

func TestItemProblems(t *testing.T) {
	choice := func(id string, delta int64) catalog.Choice {
		return catalog.Choice{OptionID: id, Name: id, PriceDelta: delta, Available: true}
	}
	group := func(id string, min, max int, cs ...catalog.Choice) catalog.OptionGroup {
		return catalog.OptionGroup{GroupID: id, Name: id, Min: min, Max: max, Options: cs}
	}
	minus := int64(-5)
	tests := []struct {
		name string
		item catalog.Item
		want []string
	}{
		{"none", catalog.Item{SKUID: "k", Price: 100}, nil},
		{"groups", catalog.Item{SKUID: "k", OptionGroups: []catalog.OptionGroup{
			group("size", 1, 1, choice("s", 0), choice("l", 200)), group("add", 0, 2, choice("egg", 200), choice("beef", 600))}}, nil},
		{"negative packing fee", catalog.Item{SKUID: "k", PackingFee: &minus}, []string{"negative packing_fee -5"}},
		{"min above max", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 2, 1, choice("a", 0), choice("b", 0))}},
			[]string{"option_groups[0]: min 2 above max 1"}},
		{"negative min", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", -1, 1, choice("a", 0))}}, []string{"min -1 is negative"}},
		{"max zero", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 0, 0, choice("a", 0))}}, []string{"max 0: at least 1"}},
		{"min beyond the options", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 2, 3, choice("a", 0))}},
			[]string{"min 2, but only 1 options"}},
		{"duplicate group", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 0, 1, choice("a", 0)), group("g", 0, 1, choice("a", 0))}},
			[]string{`option_groups[1]: duplicate group_id "g"`}},
		{"no group id", catalog.Item{OptionGroups: []catalog.OptionGroup{group("", 0, 1, choice("a", 0))}}, []string{"option_groups[0]: group_id is required"}},
		{"duplicate option", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 0, 1, choice("a", 0), choice("a", 1))}},
			[]string{`option_groups[0].options[1]: duplicate option_id "a"`}},
		{"no option id", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 0, 1, choice("", 0))}},
			[]string{"option_groups[0].options[0]: option_id is required"}},
		{"negative delta", catalog.Item{OptionGroups: []catalog.OptionGroup{group("g", 0, 1, choice("a", -100))}},
			[]string{"negative option_groups[0].options[0].price_delta -100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkProblems(t, tt.item.Problems(), tt.want) })
	}
}

// checkProblems requires no problem when want is empty, else each of
// want within them.
func checkProblems(t *testing.T, got []error, want []string) {
	t.Helper()
	err := errors.Join(got...)
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("problems %v, want none", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no problem, want %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problems %v\nwant one with %q", err, w)
		}
	}
}
