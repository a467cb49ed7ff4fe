package order

import "encoding/json"

// EventData is the payload of an event: one struct per event type, named
// after it (CreatedData for order.created, ...), whose EventType method
// names the type it belongs to. Fields are declared in the order of their
// JSON names, so that an event encodes byte for byte as when its data was
// a map. Fields may be added; a consumer ignores those it does not know.
type EventData interface {
	EventType() EventType
}

// CreatedData is the data of order.created.
type CreatedData struct {
	Currency string `json:"currency"`
	Total    int64  `json:"total"`
}

// PaidData is the data of order.paid: the payment taken.
type PaidData struct {
	Amount int64  `json:"amount"`
	TxnID  string `json:"txn_id"`
}

// AcceptedData is the data of order.accepted: nothing yet, {}.
type AcceptedData struct{}

// ReadyData is the data of order.ready: nothing yet, {}.
type ReadyData struct{}

// DeliveringData is the data of order.delivering: the rider who picked
// the order up.
type DeliveringData struct {
	RiderID string `json:"rider_id"`
}

// DeliveredData is the data of order.delivered: nothing yet, {}.
type DeliveredData struct{}

// CompletedData is the data of order.completed: nothing yet, {}.
type CompletedData struct{}

// CancelledData is the data of order.cancelled: the action that cancelled
// and the status it cancelled from, the order's cancel reason, and
// whether a payment is to be refunded.
type CancelledData struct {
	Action    Action `json:"action,omitzero"`
	From      Status `json:"from,omitzero"`
	Reason    string `json:"reason"`
	RefundDue bool   `json:"refund_due"`
}

// RefundRequestedData is the data of refund.requested: the refund asked,
// PENDING (Kind tells an order refund from a payment return).
type RefundRequestedData struct {
	Amount   int64      `json:"amount"`
	Currency string     `json:"currency"`
	Kind     RefundKind `json:"kind,omitzero"`
	Reason   string     `json:"reason,omitempty"`
	RefundID string     `json:"refund_id"`
}

// RefundSucceededData is the data of refund.succeeded: the refund, what
// the order has had refunded since, whether that is all it was paid, and
// whether its stock holds may go back to the day's limit (a full refund
// of an order not yet out for delivery).
type RefundSucceededData struct {
	Amount        int64      `json:"amount"`
	Currency      string     `json:"currency"`
	Full          bool       `json:"full"`
	Kind          RefundKind `json:"kind,omitzero"`
	RefundID      string     `json:"refund_id"`
	Refunded      int64      `json:"refunded"`
	ReleasesStock bool       `json:"releases_stock"`
}

// RefundFailedData is the data of refund.failed: the refund, why it
// failed, and what the order has had refunded.
type RefundFailedData struct {
	Amount   int64      `json:"amount"`
	Currency string     `json:"currency"`
	Failure  string     `json:"failure"`
	Kind     RefundKind `json:"kind,omitzero"`
	RefundID string     `json:"refund_id"`
	Refunded int64      `json:"refunded"`
}

// PaymentAnomalyData is the data of payment.anomaly: a payment the order
// could not take (Reason is one of the Return* reasons), the order's
// total, currency and status then, and the refund id of its return.
type PaymentAnomalyData struct {
	Amount        int64  `json:"amount"`
	Currency      string `json:"currency"`
	OrderCurrency string `json:"order_currency"`
	Reason        string `json:"reason"`
	RefundID      string `json:"refund_id"`
	Status        Status `json:"status,omitzero"`
	Total         int64  `json:"total"`
	TxnID         string `json:"txn_id"`
}

// EventType returns EventCreated.
func (CreatedData) EventType() EventType { return EventCreated }

// EventType returns EventPaid.
func (PaidData) EventType() EventType { return EventPaid }

// EventType returns EventAccepted.
func (AcceptedData) EventType() EventType { return EventAccepted }

// EventType returns EventReady.
func (ReadyData) EventType() EventType { return EventReady }

// EventType returns EventDelivering.
func (DeliveringData) EventType() EventType { return EventDelivering }

// EventType returns EventDelivered.
func (DeliveredData) EventType() EventType { return EventDelivered }

// EventType returns EventCompleted.
func (CompletedData) EventType() EventType { return EventCompleted }

// EventType returns EventCancelled.
func (CancelledData) EventType() EventType { return EventCancelled }

// EventType returns EventRefundRequested.
func (RefundRequestedData) EventType() EventType { return EventRefundRequested }

// EventType returns EventRefundSucceeded.
func (RefundSucceededData) EventType() EventType { return EventRefundSucceeded }

// EventType returns EventRefundFailed.
func (RefundFailedData) EventType() EventType { return EventRefundFailed }

// EventType returns EventPaymentAnomaly.
func (PaymentAnomalyData) EventType() EventType { return EventPaymentAnomaly }

// dataDecoders decode the data of each event type.
var dataDecoders = map[EventType]func([]byte) (EventData, error){
	EventCreated: decodeData[CreatedData], EventPaid: decodeData[PaidData],
	EventAccepted: decodeData[AcceptedData], EventReady: decodeData[ReadyData],
	EventDelivering: decodeData[DeliveringData], EventDelivered: decodeData[DeliveredData],
	EventCompleted: decodeData[CompletedData], EventCancelled: decodeData[CancelledData],
	EventRefundRequested: decodeData[RefundRequestedData],
	EventRefundSucceeded: decodeData[RefundSucceededData],
	EventRefundFailed:    decodeData[RefundFailedData],
	EventPaymentAnomaly:  decodeData[PaymentAnomalyData],
}

// decodeData decodes the JSON data of an event into D; absent or null
// data is the zero D (null too, as json.Unmarshal leaves it).
func decodeData[D EventData](b []byte) (EventData, error) {
	var d D
	if len(b) == 0 {
		return d, nil
	}
	err := json.Unmarshal(b, &d)
	return d, err
}
