package catalog

import (
	"errors"
	"fmt"
)

// The checks below are the rules a store or an item must keep for the
// order center to price it: no negative money, delivery bands in order
// and with a location, option groups whose bounds can be met and whose
// ids are unique. The client's decoders refuse answers that break them
// (ErrBadResponse), and package builtin refuses catalog files that do.

// Problems lists every way the store's money fields break the rules,
// each naming its field, or none.
func (s Store) Problems() []error {
	var p []error
	p = appendNegative(p, "packing_fee", s.PackingFee)
	p = appendNegative(p, "delivery_fee", s.DeliveryFee)
	p = appendNegative(p, "min_order", s.MinOrder)
	p = appendNegative(p, "free_delivery_over", s.FreeDeliveryOver)
	p = appendNegative(p, "small_order_fee", s.SmallOrderFee)
	p = appendNegative(p, "packing_fee_per_item", s.PackingFeePerItem)
	if l := s.Location; l != nil && (l.Lat < -90 || l.Lat > 90 || l.Lng < -180 || l.Lng > 180) {
		p = append(p, fmt.Errorf("location (%v, %v): lat must be within ±90 and lng within ±180", l.Lat, l.Lng))
	}
	if s.DistanceBands() && s.Location == nil {
		p = append(p, errors.New("delivery_bands need the store's location"))
	}
	reach := 0
	for i, b := range s.DeliveryBands {
		if b.UpToM <= reach {
			p = append(p, fmt.Errorf("delivery_bands[%d].up_to_m %d: must be above %d (bands reach further one after the other)", i, b.UpToM, reach))
		}
		reach = max(reach, b.UpToM)
		p = appendNegative(p, fmt.Sprintf("delivery_bands[%d].fee", i), b.Fee)
	}
	return p
}

// Problems lists every way the item breaks the rules, each naming its
// field, or none.
func (i Item) Problems() []error {
	var p []error
	p = appendNegative(p, "price", i.Price)
	p = appendNegative(p, "daily_limit", int64(i.DailyLimit))
	if i.PackingFee != nil {
		p = appendNegative(p, "packing_fee", *i.PackingFee)
	}
	seen := make(map[string]bool, len(i.OptionGroups))
	for n, g := range i.OptionGroups {
		at := fmt.Sprintf("option_groups[%d]", n)
		switch {
		case g.GroupID == "":
			p = append(p, fmt.Errorf("%s: group_id is required", at))
		case seen[g.GroupID]:
			p = append(p, fmt.Errorf("%s: duplicate group_id %q", at, g.GroupID))
		}
		seen[g.GroupID] = true
		p = append(p, g.problems(at)...)
	}
	return p
}

// problems lists what is wrong with one option group, at where.
func (g OptionGroup) problems(where string) []error {
	var p []error
	switch {
	case g.Min < 0:
		p = append(p, fmt.Errorf("%s: min %d is negative", where, g.Min))
	case g.Max < 1:
		p = append(p, fmt.Errorf("%s: max %d: at least 1", where, g.Max))
	case g.Min > g.Max:
		p = append(p, fmt.Errorf("%s: min %d above max %d", where, g.Min, g.Max))
	case g.Min > len(g.Options):
		p = append(p, fmt.Errorf("%s: min %d, but only %d options", where, g.Min, len(g.Options)))
	}
	seen := make(map[string]bool, len(g.Options))
	for n, o := range g.Options {
		at := fmt.Sprintf("%s.options[%d]", where, n)
		switch {
		case o.OptionID == "":
			p = append(p, fmt.Errorf("%s: option_id is required", at))
		case seen[o.OptionID]:
			p = append(p, fmt.Errorf("%s: duplicate option_id %q", at, o.OptionID))
		}
		seen[o.OptionID] = true
		p = appendNegative(p, at+".price_delta", o.PriceDelta)
	}
	return p
}

// Problems lists every way the coupon breaks the rules (negative money,
// no expiry), or none.
func (c Coupon) Problems() []error {
	var p []error
	if c.ExpiresAt.IsZero() {
		p = append(p, errors.New("expires_at is required"))
	}
	p = appendNegative(p, "value", c.Value)
	return appendNegative(p, "min_spend", c.MinSpend)
}

// appendNegative appends a problem when v, named field, is negative.
func appendNegative(problems []error, field string, v int64) []error {
	if v < 0 {
		return append(problems, fmt.Errorf("negative %s %d", field, v))
	}
	return problems
}
