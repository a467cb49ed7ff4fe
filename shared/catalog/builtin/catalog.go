package builtin

import (
	_ "embed" // the demo catalog
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	_ "time/tzdata" // store time zones load on machines without zoneinfo

	"github.com/ordercenter/ordercenter/shared/catalog"
)

// ErrInvalidCatalog: a catalog file is not valid JSON of the expected
// shape or breaks a rule; the wrapped message names every problem found.
var ErrInvalidCatalog = errors.New("invalid catalog")

// Catalog is an immutable in-memory catalog: stores with their menus, and
// users' coupons. Build one with Load, Parse or Demo.
type Catalog struct {
	stores  []*entry          // in file order
	byID    map[string]*entry // by store id
	coupons map[string]catalog.Coupon
}

// entry is one store with its menu and the menu's index by sku id.
type entry struct {
	store catalog.Store
	items []catalog.Item
	index map[string]int
}

// Menu is a store with its items, as listed by GET /stores.
type Menu struct {
	catalog.Store
	// Items is the store's whole menu, in file order.
	Items []catalog.Item `json:"items"`
}

//go:embed demo.json
var demoJSON []byte

// demo parses the embedded demo once.
var demo = sync.OnceValues(func() (*Catalog, error) { return Parse(demoJSON) })

// Demo returns the demo catalog the runner serves when no file is given:
// four stores in Asia/Shanghai with their menus (one, s-noodle-bar, with
// delivery by distance, small orders, packing per item and items with
// options), and coupons for users u-1 and u-2. It is data (demo.json, embedded), validated by the tests;
// Demo panics if it is invalid.
func Demo() *Catalog {
	c, err := demo()
	if err != nil {
		panic(fmt.Sprintf("builtin: embedded demo catalog: %v", err))
	}
	return c
}

// Load reads and validates the catalog file at path. Its errors wrap
// ErrInvalidCatalog, or the file system's error when the file cannot be
// read.
func Load(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("load catalog %s: %w", path, err)
	}
	return c, nil
}

// Parse decodes and validates a catalog file's content. Its errors wrap
// ErrInvalidCatalog and name every problem found.
func Parse(data []byte) (*Catalog, error) {
	f, err := decodeFile(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidCatalog, err)
	}
	if err := validate(f); err != nil {
		return nil, fmt.Errorf("%w:\n%w", ErrInvalidCatalog, err)
	}
	return build(f), nil
}

// build indexes a validated file.
func build(f fileCatalog) *Catalog {
	c := &Catalog{
		byID:    make(map[string]*entry, len(f.Stores)),
		coupons: make(map[string]catalog.Coupon, len(f.Coupons)),
	}
	for _, s := range f.Stores {
		e := &entry{store: s.Store, items: slices.Clone(s.Items), index: make(map[string]int, len(s.Items))}
		e.store.Open = *s.Open
		for i, it := range e.items {
			e.index[it.SKUID] = i
		}
		c.stores = append(c.stores, e)
		c.byID[e.store.StoreID] = e
	}
	for _, cp := range f.Coupons {
		cp.ExpiresAt = cp.ExpiresAt.UTC()
		c.coupons[cp.CouponID] = cp
	}
	return c
}
