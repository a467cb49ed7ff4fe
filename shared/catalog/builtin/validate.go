package builtin

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

// validate returns every problem of the decoded file, joined, or nil.
func validate(f fileCatalog) error {
	var problems []error
	storeIDs := make(map[string]bool, len(f.Stores))
	for i, s := range f.Stores {
		where := fmt.Sprintf("stores[%d]", i)
		if s.StoreID != "" {
			where = fmt.Sprintf("store %q", s.StoreID)
		}
		problems = append(problems, checkID(where, "store_id", s.StoreID)...)
		if storeIDs[s.StoreID] && s.StoreID != "" {
			problems = append(problems, fmt.Errorf("%s: duplicate store_id", where))
		}
		storeIDs[s.StoreID] = true
		problems = append(problems, checkStore(where, s)...)
		problems = append(problems, checkItems(where, s.Items)...)
	}
	problems = append(problems, checkCoupons(f.Coupons)...)
	return errors.Join(problems...)
}

// checkStore returns the problems of one store's own fields.
func checkStore(where string, s fileStore) []error {
	var problems []error
	if s.Open == nil {
		problems = append(problems, fmt.Errorf("%s: open is required (true or false)", where))
	}
	problems = append(problems, prefixed(where, s.Problems())...)
	switch s.Timezone {
	case "":
		problems = append(problems, fmt.Errorf("%s: timezone is required, like \"Asia/Shanghai\"", where))
	case "Local":
		problems = append(problems, fmt.Errorf("%s: timezone \"Local\" depends on the machine; name a zone", where))
	default:
		if _, err := time.LoadLocation(s.Timezone); err != nil {
			problems = append(problems, fmt.Errorf("%s: timezone %q: %w", where, s.Timezone, err))
		}
	}
	return problems
}

// checkItems returns the problems of one store's menu.
func checkItems(where string, items []catalog.Item) []error {
	var problems []error
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		at := fmt.Sprintf("%s: items[%d]", where, i)
		if it.SKUID != "" {
			at = fmt.Sprintf("%s: item %q", where, it.SKUID)
		}
		problems = append(problems, checkID(at, "sku_id", it.SKUID)...)
		if strings.Contains(it.SKUID, ",") {
			problems = append(problems, fmt.Errorf("%s: sku_id must not hold a comma", at))
		}
		if seen[it.SKUID] && it.SKUID != "" {
			problems = append(problems, fmt.Errorf("%s: duplicate sku_id in the store", at))
		}
		seen[it.SKUID] = true
		problems = append(problems, prefixed(at, it.Problems())...)
	}
	return problems
}

// checkCoupons returns the problems of the coupons; coupon ids are unique
// across users.
func checkCoupons(coupons []catalog.Coupon) []error {
	var problems []error
	seen := make(map[string]bool, len(coupons))
	for i, c := range coupons {
		at := fmt.Sprintf("coupons[%d]", i)
		if c.CouponID != "" {
			at = fmt.Sprintf("coupon %q", c.CouponID)
		}
		problems = append(problems, checkID(at, "coupon_id", c.CouponID)...)
		if seen[c.CouponID] && c.CouponID != "" {
			problems = append(problems, fmt.Errorf("%s: duplicate coupon_id", at))
		}
		seen[c.CouponID] = true
		if c.UserID == "" {
			problems = append(problems, fmt.Errorf("%s: user_id is required", at))
		} else {
			problems = append(problems, checkID(at, "user_id", c.UserID)...)
		}
		problems = append(problems, prefixed(at, c.Problems())...)
	}
	return problems
}

// checkID returns the problems of an id that must be usable as one URL
// path segment: not empty, no control characters, and nothing an HTTP
// router would clean away once unescaped (an empty, "." or ".." part
// between slashes), or the id would be unreachable under a ServeMux.
func checkID(where, field, id string) []error {
	switch {
	case id == "":
		return []error{fmt.Errorf("%s: %s is required", where, field)}
	case slices.ContainsFunc(strings.Split(id, "/"), func(p string) bool { return p == "" || p == "." || p == ".." }):
		return []error{fmt.Errorf("%s: %s %q: no part between slashes may be empty, \".\" or \"..\"", where, field, id)}
	case strings.ContainsFunc(id, unicode.IsControl):
		return []error{fmt.Errorf("%s: %s %q holds control characters", where, field, id)}
	}
	return nil
}

// prefixed names where each problem is.
func prefixed(where string, problems []error) []error {
	out := make([]error, len(problems))
	for i, p := range problems {
		out[i] = fmt.Errorf("%s: %w", where, p)
	}
	return out
}
