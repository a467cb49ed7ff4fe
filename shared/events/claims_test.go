package events_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// downRecords is a store that cannot answer.
type downRecords struct{}

func (downRecords) Vouch(context.Context, order.Event) error {
	return fmt.Errorf("get: %w", orderstore.ErrUnavailable)
}

func (downRecords) HandedOff(context.Context, order.Event, orderstore.TimerKind) error {
	return fmt.Errorf("delete: %w", orderstore.ErrUnavailable)
}

func TestClaimsActOnlyOnWhatTheRecordHolds(t *testing.T) {
	contradicted := eventstest.Contradicted(t)
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{})
	rec := orderstoretest.Place(t, repo, orderstoretest.Spec{})
	rec = orderstoretest.Drive(t, repo, rec.OrderID, order.StatusPaid, "r-1", time.Now())
	changes, err := repo.Timeline(context.Background(), rec.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	paid := changes[1].Events[0]
	var log bytes.Buffer
	claims := events.NewClaims("test-consumer", repo, slog.New(slog.NewJSONHandler(&log, nil)))
	ctx := context.Background()
	if err := claims.Check(ctx, paid); err != nil {
		t.Fatalf("the record's own event: %v", err)
	}
	forged := paid
	forged.Type, forged.Data = order.EventCancelled, order.CancelledData{From: order.StatusPaid}
	err = claims.Check(ctx, forged)
	var u *orderstore.UnknownEventError
	if !events.IsPermanent(err) || !errors.As(err, &u) || u.Field != "type" {
		t.Fatalf("a cancellation the record does not hold: %v", err)
	}
	if n := contradicted("test-consumer"); n != 1 {
		t.Fatalf("%s = %d, want 1", events.ContradictedMetric, n)
	}
	line := log.String()
	if !strings.Contains(line, `"level":"WARN"`) || !strings.Contains(line, paid.EventID) ||
		!strings.Contains(line, `"field":"type"`) || strings.Contains(line, "u-1") || strings.Contains(line, "s-1") {
		t.Fatalf("log line: %s", line)
	}
	down := events.NewClaims("test-consumer", downRecords{}, nil)
	if err := down.Check(ctx, paid); events.IsPermanent(err) || !errors.Is(err, orderstore.ErrUnavailable) {
		t.Fatalf("store down: %v, want transient", err)
	}
	var none *events.Claims
	if err := none.Check(ctx, paid); err == nil || events.IsPermanent(err) {
		t.Fatalf("no records: %v, want a transient refusal", err)
	}
	if n := contradicted("test-consumer"); n != 1 {
		t.Fatalf("%s = %d after transient failures, want 1", events.ContradictedMetric, n)
	}
}
