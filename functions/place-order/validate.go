package function

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Limits of a request.
const (
	MaxLines       = 50
	MaxQty         = 99
	MaxOptions     = 20    // options chosen on one line
	MaxTip         = 10000 // and never more than the items
	MaxIDLen       = 64
	MaxNameLen     = 50
	MaxAddressLen  = 200
	MinPhoneDigits = 7
	MaxPhoneDigits = 15
)

// validKey reports whether an Idempotency-Key has the contract's shape:
// 1 to 64 of [A-Za-z0-9_-].
func validKey(k string) bool { return validID(k, false) }

// validID reports whether s is 1 to MaxIDLen of [A-Za-z0-9_-], and also
// '.' and ':' when dotted is set (skus and store ids).
func validID(s string, dotted bool) bool {
	if len(s) == 0 || len(s) > MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' ||
			dotted && (c == '.' || c == ':')
		if !ok {
			return false
		}
	}
	return true
}

// validate lists every problem of the request, field by field.
func (r Request) validate() *httpapi.Problem {
	var d httpapi.Details
	if !validID(r.StoreID, true) {
		d.Add("store_id", "required: 1 to 64 of A-Z a-z 0-9 _ - . :")
	}
	r.validateItems(&d)
	checkText(&d, "delivery.name", r.Delivery.Name, 1, MaxNameLen)
	checkText(&d, "delivery.address", r.Delivery.Address, 1, MaxAddressLen)
	if !validPhone(r.Delivery.Phone) {
		d.Add("delivery.phone", fmt.Sprintf("%d to %d digits, optionally after a leading +", MinPhoneDigits, MaxPhoneDigits))
	}
	if utf8.RuneCountInString(r.Note) > order.MaxTextLen {
		d.Add("note", fmt.Sprintf("at most %d characters", order.MaxTextLen))
	}
	if r.CouponID != "" && !validID(r.CouponID, false) {
		d.Add("coupon_id", "1 to 64 of A-Z a-z 0-9 _ -")
	}
	if r.ExpectedTotal != nil && *r.ExpectedTotal < 1 {
		d.Add("expected_total", "at least 1")
	}
	if r.Tip < 0 || r.Tip > MaxTip {
		d.Add("tip", fmt.Sprintf("0 to %d", MaxTip))
	}
	r.Delivery.validateLocation(&d)
	if len(d) == 0 {
		return nil
	}
	return d.Invalid()
}

func (r Request) validateItems(d *httpapi.Details) {
	if len(r.Items) == 0 || len(r.Items) > MaxLines {
		d.Add("items", fmt.Sprintf("1 to %d lines", MaxLines))
	}
	seen := make(map[string]bool, len(r.Items))
	for i, it := range r.Items {
		switch {
		case !validID(it.SKU, true):
			d.Add(fmt.Sprintf("items[%d].sku_id", i), "required: 1 to 64 of A-Z a-z 0-9 _ - . :")
		case seen[it.lineKey()]:
			d.Add(fmt.Sprintf("items[%d].sku_id", i), "duplicate line (the same sku and options): put the quantity on one line")
		}
		seen[it.lineKey()] = true
		if it.Qty < 1 || it.Qty > MaxQty {
			d.Add(fmt.Sprintf("items[%d].qty", i), fmt.Sprintf("1 to %d", MaxQty))
		}
		validateChoices(d, i, it.Options)
	}
}

// validateChoices checks the shape of a line's options; whether the item
// has them is pricing's to say (chooseOptions).
func validateChoices(d *httpapi.Details, line int, choices []OptionChoice) {
	at := fmt.Sprintf("items[%d].options", line)
	if len(choices) > MaxOptions {
		d.Add(at, fmt.Sprintf("at most %d options", MaxOptions))
		return
	}
	seen := make(map[OptionChoice]bool, len(choices))
	for j, c := range choices {
		switch {
		case !validID(c.Group, true):
			d.Add(fmt.Sprintf("%s[%d].group_id", at, j), "required: 1 to 64 of A-Z a-z 0-9 _ - . :")
		case !validID(c.Option, true):
			d.Add(fmt.Sprintf("%s[%d].option_id", at, j), "required: 1 to 64 of A-Z a-z 0-9 _ - . :")
		case seen[c]:
			d.Add(fmt.Sprintf("%s[%d].option_id", at, j), "chosen twice")
		}
		seen[c] = true
	}
}

// validateLocation requires lat and lng together, on Earth.
func (d Delivery) validateLocation(ds *httpapi.Details) {
	switch {
	case d.Lat != nil && d.Lng == nil:
		ds.Add("delivery.lng", "required with delivery.lat")
	case d.Lat == nil && d.Lng != nil:
		ds.Add("delivery.lat", "required with delivery.lng")
	case d.Lat == nil:
	case *d.Lat < -90 || *d.Lat > 90:
		ds.Add("delivery.lat", "-90 to 90")
	case *d.Lng < -180 || *d.Lng > 180:
		ds.Add("delivery.lng", "-180 to 180")
	}
}

// checkText requires min to max characters, not all blank, no control
// characters.
func checkText(d *httpapi.Details, field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min || strings.TrimSpace(s) == "":
		d.Add(field, "required")
	case n > max:
		d.Add(field, fmt.Sprintf("at most %d characters", max))
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		d.Add(field, "must not hold control characters")
	}
}

// validPhone: 7 to 15 digits, optionally after a leading +.
func validPhone(p string) bool {
	p = strings.TrimPrefix(p, "+")
	if len(p) < MinPhoneDigits || len(p) > MaxPhoneDigits {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}
