package function

import (
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/push"
)

// heard is one push expected: recipient "<kind>:<id>", title and body.
type heard struct{ recipient, title, body string }

func TestTextsOfEachEventAndRecipient(t *testing.T) {
	cancelled := func(action order.Action, from order.Status, refundDue bool) order.CancelledData {
		return order.CancelledData{Reason: action.String(), Action: action, From: from, RefundDue: refundDue}
	}
	tests := []struct {
		name string
		typ  order.EventType
		data order.EventData
		want []heard
	}{
		{"paid", order.EventPaid, order.PaidData{TxnID: "t-1", Amount: 2550}, []heard{
			{"user:u-1", "Payment received", "We received your payment of ¥25.50 for order #7K2M9Q. The store will confirm it shortly."},
			{"merchant:s-1", "New order", "New paid order #7K2M9Q for ¥25.50. Please accept it."}}},
		{"paid, no amount", order.EventPaid, nil, []heard{
			{"user:u-1", "Payment received", "We received your payment for order #7K2M9Q. The store will confirm it shortly."},
			{"merchant:s-1", "New order", "New paid order #7K2M9Q. Please accept it."}}},
		{"accepted", order.EventAccepted, nil, []heard{
			{"user:u-1", "Order accepted", "The store accepted order #7K2M9Q and is preparing it."}}},
		{"delivering", order.EventDelivering, order.DeliveringData{RiderID: "r-1"}, []heard{
			{"user:u-1", "On its way", "Order #7K2M9Q has been picked up and is on its way to you."}}},
		{"delivered", order.EventDelivered, nil, []heard{
			{"user:u-1", "Order delivered", "Order #7K2M9Q has been delivered. Enjoy!"}}},
		{"not paid in time", order.EventCancelled, cancelled(order.ActionPayTimeout, order.StatusPendingPayment, false), []heard{
			{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled because it was not paid in time."}}},
		{"cancelled by the user before paying", order.EventCancelled, cancelled(order.ActionCancel, order.StatusPendingPayment, false), []heard{
			{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled."}}},
		{"not accepted in time", order.EventCancelled, cancelled(order.ActionAcceptTimeout, order.StatusPaid, true), []heard{
			{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled because the store did not accept it in time. Your payment will be refunded."},
			{"merchant:s-1", "Order cancelled", "Order #7K2M9Q was cancelled because it was not accepted in time."}}},
		{"rejected", order.EventCancelled, cancelled(order.ActionReject, order.StatusPaid, true), []heard{
			{"user:u-1", "Order cancelled", "The store could not take order #7K2M9Q, so it was cancelled. Your payment will be refunded."},
			{"merchant:s-1", "Order cancelled", "You rejected order #7K2M9Q; it has been cancelled."}}},
		{"cancelled after paying", order.EventCancelled, cancelled(order.ActionCancel, order.StatusAccepted, true), []heard{
			{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled. Your payment will be refunded."},
			{"merchant:s-1", "Order cancelled", "Order #7K2M9Q was cancelled. Please stop preparing it."}}},
		{"cancelled, no data", order.EventCancelled, nil, []heard{
			{"user:u-1", "Order cancelled", "Order #7K2M9Q was cancelled."},
			{"merchant:s-1", "Order cancelled", "Order #7K2M9Q was cancelled. Please stop preparing it."}}},
		{"refund requested", order.EventRefundRequested, order.RefundRequestedData{RefundID: "r-1", Amount: 1200, Currency: "CNY", Kind: order.KindRefund}, []heard{
			{"merchant:s-1", "Refund requested", "A refund of ¥12.00 was requested for order #7K2M9Q."}}},
		{"payment returned", order.EventRefundRequested, order.RefundRequestedData{Amount: 2550, Kind: order.KindPaymentReturn}, nil},
		{"payment return done", order.EventRefundSucceeded, order.RefundSucceededData{Amount: 2550, Currency: "CNY", Kind: order.KindPaymentReturn}, []heard{
			{"user:u-1", "Refund completed", "Your payment of ¥25.50 for order #7K2M9Q has been returned to you."}}},
		{"refund requested, no amount", order.EventRefundRequested, nil, []heard{
			{"merchant:s-1", "Refund requested", "A refund was requested for order #7K2M9Q."}}},
		{"refund succeeded in dollars", order.EventRefundSucceeded, order.RefundSucceededData{Amount: 1205, Currency: "USD"}, []heard{
			{"user:u-1", "Refund completed", "Your refund of $12.05 for order #7K2M9Q has been completed."}}},
		{"refund succeeded, no amount", order.EventRefundSucceeded, order.RefundSucceededData{Kind: order.KindRefund}, []heard{
			{"user:u-1", "Refund completed", "Your refund for order #7K2M9Q has been completed."}}},
		{"refund failed", order.EventRefundFailed, order.RefundFailedData{Amount: 1200}, []heard{
			{"user:u-1", "Refund failed", "Your refund of ¥12.00 for order #7K2M9Q could not be completed. Please contact customer service."}}},
		{"created", order.EventCreated, order.CreatedData{Total: 2550}, nil},
		{"ready", order.EventReady, nil, nil},
		{"completed", order.EventCompleted, nil, nil},
		{"payment anomaly", order.EventPaymentAnomaly, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := viaJSON(t, event(tt.typ, orderID, 4, tt.data))
			got, err := Plan(e)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%d pushes, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				n := got[i]
				if n.Recipient.String() != w.recipient || n.Title != w.title || n.Body != w.body {
					t.Errorf("got  %s %q %q\nwant %s %q %q", n.Recipient, n.Title, n.Body, w.recipient, w.title, w.body)
				}
				if n.NotificationID != e.EventID+"."+n.Recipient.Kind || n.Data != (push.Data{OrderID: orderID, Event: tt.typ.String()}) {
					t.Errorf("id %q, data %+v", n.NotificationID, n.Data)
				}
			}
		})
	}
}

func TestPlanRefusesEventsMissingWhatThePushNeeds(t *testing.T) {
	tests := map[string]func(*order.Event){
		"no event id":         func(e *order.Event) { e.EventID = "" },
		"no type":             func(e *order.Event) { e.Type = order.EventType{} },
		"event id with space": func(e *order.Event) { e.EventID = "a b" },
		"event id too long":   func(e *order.Event) { e.EventID = string(make([]byte, 120)) },
		"no order":            func(e *order.Event) { e.OrderID = "" },
		"no user":             func(e *order.Event) { e.UserID = "" },
		"no store":            func(e *order.Event) { e.StoreID = "" },
		"no version":          func(e *order.Event) { e.OrderVersion = 0 },
		"user id not UTF-8":   func(e *order.Event) { e.UserID = "\xff" },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			e := event(order.EventPaid, orderID, 2, nil)
			spoil(&e)
			if _, err := Plan(e); !errors.Is(err, order.ErrInvalidEvent) {
				t.Fatalf("got %v", err)
			}
		})
	}
	e := event(order.EventReady, orderID, 5, nil)
	e.UserID, e.StoreID = "", ""
	if got, err := Plan(e); err != nil || len(got) != 0 {
		t.Fatalf("an event nobody hears needs nothing more: %v %v", got, err)
	}
}

func TestMoneyAndNumbers(t *testing.T) {
	for _, tt := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{1200, "", "¥12.00"}, {5, "CNY", "¥0.05"}, {123456, "EUR", "€1234.56"},
		{1200, "JPY", "1200 JPY"}, {1200, "SGD", "12.00 SGD"}, {1200, "sgd", ""}, {1200, "DOLLARS", ""},
	} {
		if got := formatMoney(tt.minor, tt.currency); got != tt.want {
			t.Errorf("formatMoney(%d, %q) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
	for id, want := range map[string]string{orderID: "#7K2M9Q", "o-1": "#O-1", "订单号码一二三四五": "#码一二三四五"} {
		if got := shortNumber(id); got != want {
			t.Errorf("shortNumber(%q) = %q, want %q", id, got, want)
		}
	}
}
