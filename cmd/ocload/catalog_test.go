package main

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
)

// TestDemoStoresAreOrderable: from the demo catalog the workload orders
// only what it can order without options, and delivers to stores that
// price by distance at their own location.
func TestDemoStoresAreOrderable(t *testing.T) {
	for _, s := range shops(builtin.Demo().Stores()) {
		for _, it := range s.items {
			if needsChoice(it) {
				t.Errorf("store %s: %s needs a choice, taken", s.id, it.SKUID)
			}
		}
		if s.id != "s-noodle-bar" {
			continue
		}
		if d := s.deliveryTo(); len(s.items) == 0 || d.Lat == nil || *d.Lat != s.at.Lat || *d.Lng != s.at.Lng {
			t.Errorf("s-noodle-bar: items %v, delivered to %+v", s.items, d)
		}
		return
	}
	t.Error("s-noodle-bar is not ordered from")
}
