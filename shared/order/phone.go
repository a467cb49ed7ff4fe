package order

import "strings"

// The most characters MaskPhone reveals at each end.
const (
	phoneHead = 3
	phoneTail = 4
)

// MaskPhone hides the middle of a phone number behind "****":
// "13800001234" becomes "138****1234". It never reveals more than the first
// 3 and the last 4 characters, and always hides at least 4 (so "1234567"
// becomes "****567" and anything of 4 characters or fewer "****"). The
// mask is always four stars, so it does not tell the length either.
// Surrounding spaces are dropped; "" stays "".
func MaskPhone(phone string) string {
	r := []rune(strings.TrimSpace(phone))
	if len(r) == 0 {
		return ""
	}
	visible := max(0, len(r)-4)
	tail := min(phoneTail, visible)
	head := min(phoneHead, visible-tail)
	return string(r[:head]) + "****" + string(r[len(r)-tail:])
}
