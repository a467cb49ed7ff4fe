package catalog

// OptionGroup is one specification of an item (its size, its spice, its
// add-ons): between Min and Max of its options are chosen for each unit
// ordered. A group with Min 0 is optional.
type OptionGroup struct {
	// GroupID identifies the group within its item.
	GroupID string `json:"group_id"`
	// Name is the group's display name, for example "Size".
	Name string `json:"name"`
	// Min and Max bound how many distinct options are chosen.
	Min int `json:"min"`
	Max int `json:"max"`
	// Options are the choices, in display order.
	Options []Choice `json:"options"`
}

// Choice is one option of a group (Option is the client's functional
// option).
type Choice struct {
	// OptionID identifies the option within its group.
	OptionID string `json:"option_id"`
	// Name is the option's display name, for example "Large".
	Name string `json:"name"`
	// PriceDelta is added to the item's unit price when chosen.
	PriceDelta int64 `json:"price_delta"`
	// Available says whether the option can be chosen now.
	Available bool `json:"available"`
}

// Group returns the item's option group with the id.
func (i Item) Group(id string) (OptionGroup, bool) {
	for _, g := range i.OptionGroups {
		if g.GroupID == id {
			return g, true
		}
	}
	return OptionGroup{}, false
}

// Choice returns the group's option with the id.
func (g OptionGroup) Choice(id string) (Choice, bool) {
	for _, o := range g.Options {
		if o.OptionID == id {
			return o, true
		}
	}
	return Choice{}, false
}
