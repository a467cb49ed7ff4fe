package function

import (
	"fmt"
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
	number    string       // "#7K2M9Q"
	money     string       // "¥12.00"; "" when the event has no amount
	action    string       // order.cancelled: the action that cancelled
	from      order.Status // order.cancelled: the status before
	refundDue bool         // order.cancelled: a payment is to be refunded
	// refundKind is KindRefund, or KindPaymentReturn for a payment the
	// order could not take (refund events).
	refundKind order.RefundKind
}

// factsOf reads the facts of e from its data (shared/order): the amount
// of order.paid; action, from and refund_due of order.cancelled; amount,
// currency and kind of refund events. Anything missing is left out (an
// amount of 0 is none).
func factsOf(e order.Event) facts {
	f := facts{number: shortNumber(e.OrderID)}
	switch d := e.Data.(type) {
	case order.PaidData:
		f.setMoney(d.Amount, "")
	case order.CancelledData:
		f.action, f.from, f.refundDue = d.Action.String(), d.From, d.RefundDue
	case order.RefundRequestedData:
		f.setMoney(d.Amount, d.Currency)
		f.refundKind = d.Kind
	case order.RefundSucceededData:
		f.setMoney(d.Amount, d.Currency)
		f.refundKind = d.Kind
	case order.RefundFailedData:
		f.setMoney(d.Amount, d.Currency)
		f.refundKind = d.Kind
	}
	return f
}

// setMoney tells the amount, when there is one.
func (f *facts) setMoney(minor int64, currency string) {
	if minor > 0 {
		f.money = formatMoney(minor, currency)
	}
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
