package function

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ordercenter/ordercenter/shared/order"
)

// shortNumberLen is how many trailing characters of the order id make
// the number people read.
const shortNumberLen = 6

// facts are what the texts of an event may tell, read from the event; a
// fact the event does not carry is left zero.
type facts struct {
	number    string // "#7K2M9Q"
	money     string // "¥12.00"; "" when the event has no amount
	action    string // order.cancelled: the action that cancelled
	from      string // order.cancelled: the status before
	refundDue bool   // order.cancelled: a payment is to be refunded
	// refundKind is "refund", or "payment_return" for a payment the order
	// could not take (refund events).
	refundKind string
}

// factsOf reads the facts of e. The data fields are those the order
// model writes (shared/order): amount on order.paid; action, from and
// refund_due on order.cancelled; amount, currency and kind on refund
// events. Anything missing or odd is left out.
func factsOf(e order.Event) facts {
	f := facts{number: shortNumber(e.OrderID)}
	if amount, ok := integer(e.Data["amount"]); ok && amount >= 0 {
		currency, _ := e.Data["currency"].(string)
		f.money = formatMoney(amount, currency)
	}
	f.action, _ = e.Data["action"].(string)
	f.from, _ = e.Data["from"].(string)
	f.refundDue, _ = e.Data["refund_due"].(bool)
	f.refundKind, _ = e.Data["kind"].(string)
	return f
}

// amount formats the money into format ("of %s"), or "" when there is none.
func (f facts) amount(format string) string {
	if f.money == "" {
		return ""
	}
	return fmt.Sprintf(format, f.money)
}

// cancelled picks the sentence of the cancelling action from byAction
// ("" is the fallback, else a plain one) and puts the number in.
func (f facts) cancelled(byAction map[string]string) string {
	s, ok := byAction[f.action]
	if !ok {
		s, ok = byAction[""]
	}
	if !ok {
		s = "Order %s was cancelled."
	}
	return fmt.Sprintf(s, f.number)
}

// shortNumber is "#" and the last six characters of the order id, upper
// case.
func shortNumber(orderID string) string {
	if n := utf8.RuneCountInString(orderID); n > shortNumberLen {
		r := []rune(orderID)
		orderID = string(r[n-shortNumberLen:])
	}
	return "#" + strings.ToUpper(orderID)
}

// integer reads a whole number of a decoded JSON value: int64 when the
// event was made in this process, json.Number or float64 once decoded.
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), true
		}
	}
	return 0, false
}

// symbols are the currencies written with a symbol; others are written
// with their code, "12.00 SGD".
var symbols = map[string]string{"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$"}

// wholeUnits are the currencies without minor units.
var wholeUnits = map[string]bool{"JPY": true, "KRW": true}

// formatMoney writes minor units of a currency (default CNY), "¥12.00",
// or "" when the currency is not an ISO 4217 code.
func formatMoney(minor int64, currency string) string {
	if currency == "" {
		currency = order.DefaultCurrency
	}
	if len(currency) != 3 || strings.Trim(currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return ""
	}
	figure := fmt.Sprintf("%d.%02d", minor/100, minor%100)
	if wholeUnits[currency] {
		figure = fmt.Sprint(minor)
	}
	if sym, ok := symbols[currency]; ok {
		return sym + figure
	}
	return figure + " " + currency
}
