package ledger_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/ordercenter/ordercenter/shared/payment/ledger"
)

// failingStore refuses every entry, as a store that is down; it notes
// whether the context it was given was still live.
type failingStore struct{ liveContext bool }

func (f *failingStore) Record(ctx context.Context, _ string, _ ledger.Entry) error {
	f.liveContext = ctx.Err() == nil
	return errors.New("store down")
}

// An entry that cannot be written is counted by kind and logged, never
// returned; it is tried on a context of its own even when the caller's
// has ended (the change it tells of is committed). A nil Recorder
// records nothing.
func TestLostEntriesAreCountedNotReturned(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	prev := otel.GetMeterProvider()
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	t.Cleanup(func() { otel.SetMeterProvider(prev) })
	store := &failingStore{}
	r := ledger.NewRecorder(store, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.Record(ctx, "01a", ledger.Entry{At: time.Now(), Kind: ledger.KindNotification, EventID: "evt-1", Outcome: ledger.OutcomeApplied})
	r.Record(ctx, "01a", ledger.Entry{Kind: ledger.KindRefundAttempt, RefundID: "rf-1", Attempt: 1, Outcome: ledger.OutcomeFailed})
	if !store.liveContext {
		t.Error("the entry was tried on the caller's ended context")
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	lost := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != ledger.LostMetric {
				continue
			}
			for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
				kind, _ := dp.Attributes.Value("kind")
				lost[kind.AsString()] += dp.Value
			}
		}
	}
	if lost["notification"] != 1 || lost["refund_attempt"] != 1 {
		t.Errorf("lost entries counted: %v", lost)
	}
	var none *ledger.Recorder
	none.Record(ctx, "01a", ledger.Entry{Kind: ledger.KindQuery})
}

// Which entries mark their order's day of money movement.
func TestMovesMoney(t *testing.T) {
	for _, tt := range []struct {
		e    ledger.Entry
		want bool
	}{
		{ledger.Entry{Kind: ledger.KindNotification, TxnID: "t", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeApplied}, true},
		{ledger.Entry{Kind: ledger.KindQuery, TxnID: "t", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeAlreadyProcessed}, true},
		{ledger.Entry{Kind: ledger.KindNotification, TxnID: "t", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeRejected}, false},
		{ledger.Entry{Kind: ledger.KindNotification, TxnID: "t", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeFailed}, false},
		{ledger.Entry{Kind: ledger.KindNotification, TxnID: "t", Status: ledger.StatusFailed, Outcome: ledger.OutcomeApplied}, false},
		{ledger.Entry{Kind: ledger.KindNotification, RefundID: "rf", Status: ledger.StatusSucceeded, Outcome: ledger.OutcomeApplied}, false},
		{ledger.Entry{Kind: ledger.KindPaymentReturn, RefundID: "ret-t", Outcome: ledger.OutcomeApplied}, true},
		{ledger.Entry{Kind: ledger.KindRefundAttempt, RefundID: "rf", Outcome: ledger.OutcomeFailed}, true},
		{ledger.Entry{Kind: ledger.KindRefundSettled, RefundID: "rf", Status: ledger.StatusFailed, Outcome: ledger.OutcomeApplied}, true},
	} {
		if got := tt.e.MovesMoney(); got != tt.want {
			t.Errorf("%+v moves money: %v, want %v", tt.e, got, tt.want)
		}
	}
}
