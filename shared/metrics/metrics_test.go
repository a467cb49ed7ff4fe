package metrics

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/ordercenter/ordercenter/shared/order"
)

// recorded is a Recorder over an in-memory reader.
type recorded struct {
	*Recorder
	reader *sdkmetric.ManualReader
}

func newRecorded(t *testing.T) recorded {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	r, err := New(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	if err != nil {
		t.Fatal(err)
	}
	return recorded{Recorder: r, reader: reader}
}

// sum is the counter name's value under the attribute k=v (all points
// when k is "").
func (r recorded) sum(t *testing.T, name string, k attribute.Key, v string) int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			data, ok := m.Data.(metricdata.Sum[int64])
			if m.Name != name || !ok {
				continue
			}
			for _, dp := range data.DataPoints {
				if got, _ := dp.Attributes.Value(k); k == "" || got.AsString() == v {
					total += dp.Value
				}
			}
		}
	}
	return total
}

func change(action string, data ...order.EventData) order.Change {
	c := order.Change{Action: action}
	for _, d := range data {
		c.Events = append(c.Events, order.Event{Type: d.EventType(), Data: d})
	}
	return c
}

func TestCommittedCountsEachFactOnce(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	rec := order.Record{Refunds: []order.Refund{{RefundID: "rf-1", Attempts: 2}, {RefundID: "rf-2", Attempts: 9}}}
	r.Committed(ctx, rec, []order.Change{change("", order.CreatedData{})})
	r.Committed(ctx, rec, []order.Change{
		change("pay_timeout", order.CancelledData{Action: order.ActionPayTimeout}),
		change("", order.RefundSucceededData{RefundID: "rf-1"}),
		change("", order.RefundFailedData{RefundID: "rf-2"}),
		change("", order.PaymentAnomalyData{Reason: order.ReturnDoublePayment}),
		change("auto_complete", order.CompletedData{}),
		change("accept", order.AcceptedData{}),
	})
	for _, tt := range []struct {
		name string
		k    attribute.Key
		v    string
		want int64
	}{
		{OrdersCreated, "", "", 1},
		{OrdersCancelled, ReasonKey, "pay_timeout", 1},
		{OrdersCompleted, "", "", 1},
		{OrdersPaid, "", "", 0},
		{Refunds, AttemptKey, "2", 1},
		{Refunds, AttemptKey, "6+", 1},
		{Refunds, OutcomeKey, "failed", 1},
		{PaymentAnomaly, KindKey, "double_payment", 1},
		{TimersFired, KindKey, "pay_timeout", 1},
		{TimersFired, KindKey, "auto_complete", 1},
		{TimersFired, "", "", 2},
	} {
		if got := r.sum(t, tt.name, tt.k, tt.v); got != tt.want {
			t.Errorf("%s{%s=%q} = %d, want %d", tt.name, tt.k, tt.v, got, tt.want)
		}
	}
}

type publisherFunc func(context.Context, []order.Event) error

func (f publisherFunc) Publish(ctx context.Context, evs []order.Event) error { return f(ctx, evs) }

func TestPublisherCountsOnlyAcknowledgedEvents(t *testing.T) {
	r := newRecorded(t)
	fail := false
	p := r.Publisher(publisherFunc(func(context.Context, []order.Event) error {
		if fail {
			return errors.New("no ack")
		}
		return nil
	}))
	evs := []order.Event{{Type: order.EventPaid}, {Type: order.EventPaid}}
	if err := p.Publish(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	fail = true
	if err := p.Publish(context.Background(), evs); err == nil {
		t.Fatal("the publisher's failure was swallowed")
	}
	if got := r.sum(t, EventsPublished, SubjectKey, "orders.events.order.paid"); got != 2 {
		t.Errorf("published %d, want 2", got)
	}
}

func TestNilRecorderRecordsNothing(t *testing.T) {
	var r *Recorder
	ctx := context.Background()
	r.Committed(ctx, order.Record{}, []order.Change{change("", order.CreatedData{})})
	r.EventsHealed(ctx, 3)
	r.BackstopRebuilt(ctx, "hold")
	inner := publisherFunc(func(context.Context, []order.Event) error { return nil })
	if p := r.Publisher(inner); p == nil {
		t.Error("a nil Recorder lost the publisher")
	}
}
