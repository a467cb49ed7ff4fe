package function

import (
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// audience is an event type and a kind of recipient.
type audience struct {
	event order.EventType
	kind  string
}

// message is what one kind of recipient reads of one type of event.
type message struct {
	title string
	body  func(f facts) string
	// skip, when set, tells when the recipient need not hear of it.
	skip func(f facts) bool
}

// messages is who hears what (contract section 12) and what they read:
// the user of their order's progress and of refund outcomes, the merchant
// of new paid orders, cancellations and refund requests. An event type
// and kind not listed is heard by nobody. Texts are short, in English,
// name the order by its short number and give the amount when the event
// has one.
var messages = map[audience]message{
	{order.EventPaid, push.KindUser}: {title: "Payment received", body: func(f facts) string {
		return "We received your payment" + f.amount(" of %s") + " for order " + f.number +
			". The store will confirm it shortly."
	}},
	{order.EventAccepted, push.KindUser}: {title: "Order accepted", body: func(f facts) string {
		return "The store accepted order " + f.number + " and is preparing it."
	}},
	{order.EventDelivering, push.KindUser}: {title: "On its way", body: func(f facts) string {
		return "Order " + f.number + " has been picked up and is on its way to you."
	}},
	{order.EventDelivered, push.KindUser}: {title: "Order delivered", body: func(f facts) string {
		return "Order " + f.number + " has been delivered. Enjoy!"
	}},
	{order.EventCancelled, push.KindUser}: {title: "Order cancelled", body: func(f facts) string {
		s := f.cancelled(map[string]string{
			order.ActionPayTimeout.String():    "Order %s was cancelled because it was not paid in time.",
			order.ActionAcceptTimeout.String(): "Order %s was cancelled because the store did not accept it in time.",
			order.ActionReject.String():        "The store could not take order %s, so it was cancelled.",
		})
		if f.refundDue {
			s += " Your payment will be refunded."
		}
		return s
	}},
	{order.EventRefundSucceeded, push.KindUser}: {title: "Refund completed", body: func(f facts) string {
		if f.refundKind == order.KindPaymentReturn {
			return "Your payment" + f.amount(" of %s") + " for order " + f.number + " has been returned to you."
		}
		return "Your refund" + f.amount(" of %s") + " for order " + f.number + " has been completed."
	}},
	{order.EventRefundFailed, push.KindUser}: {title: "Refund failed", body: func(f facts) string {
		return "Your refund" + f.amount(" of %s") + " for order " + f.number +
			" could not be completed. Please contact customer service."
	}},

	{order.EventPaid, push.KindMerchant}: {title: "New order", body: func(f facts) string {
		return "New paid order " + f.number + f.amount(" for %s") + ". Please accept it."
	}},
	{order.EventCancelled, push.KindMerchant}: {
		title: "Order cancelled",
		body: func(f facts) string {
			return f.cancelled(map[string]string{
				order.ActionAcceptTimeout.String(): "Order %s was cancelled because it was not accepted in time.",
				order.ActionReject.String():        "You rejected order %s; it has been cancelled.",
				"":                                 "Order %s was cancelled. Please stop preparing it.",
			})
		},
		// The store never heard of an order cancelled before payment.
		skip: func(f facts) bool { return f.from == order.StatusPendingPayment },
	},
	{order.EventRefundRequested, push.KindMerchant}: {
		title: "Refund requested",
		body: func(f facts) string {
			return "A refund" + f.amount(" of %s") + " was requested for order " + f.number + "."
		},
		// A payment the order could not take goes back to the user
		// without the store.
		skip: func(f facts) bool { return f.refundKind == order.KindPaymentReturn },
	},
}
