package timers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// fakeRepo answers each order's update with the error named after its id
// and counts the timers dropped.
type fakeRepo struct {
	due     []orderstore.Timer
	results map[string]error
	dropErr error
	dropped map[string]bool
}

func (f *fakeRepo) DueTimers(context.Context, orderstore.TimerKind, time.Time, int) ([]orderstore.Timer, error) {
	return f.due, nil
}

func (f *fakeRepo) DropTimer(_ context.Context, t orderstore.Timer) error {
	f.dropped[t.OrderID] = true
	return f.dropErr
}

func (f *fakeRepo) Update(_ context.Context, id string, _ int64, _ func(*order.Order) error) (order.Record, error) {
	return order.Record{}, f.results[id]
}

func TestOutcomesOfSingleTimers(t *testing.T) {
	storeDown := errors.New("store on fire")
	results := map[string]error{
		"fired":    nil,
		"synced":   fmt.Errorf("copies: %w", orderstore.ErrSyncPending),
		"moved-on": fmt.Errorf("pay_timeout from PAID: %w", order.ErrInvalidTransition),
		"gone":     orderstore.ErrNotFound,
		"raced":    orderstore.ErrConflict,
		"early":    errNotDue,
		"failing":  storeDown,
	}
	past := time.Now().Add(-time.Hour)
	repo := &fakeRepo{results: results, dropped: map[string]bool{}, dropErr: errors.New("drop failed")}
	for id := range results {
		repo.due = append(repo.due, orderstore.Timer{Kind: orderstore.TimerPayment, OrderID: id, At: past})
	}
	repo.due = append(repo.due, orderstore.Timer{Kind: orderstore.TimerPayment, OrderID: "future", At: time.Now().Add(time.Hour)})
	cfg := testConfig()
	cfg.Workers = 1
	got, err := PayTimeout(repo, cfg).Run(context.Background())
	if !errors.Is(err, storeDown) {
		t.Errorf("error %v, want the store's failure", err)
	}
	if want := (Report{Due: 8, Fired: 2, Stale: 2, Kept: 4, Failed: 1}); got != want {
		t.Errorf("report %+v, want %+v", got, want)
	}
	for id := range repo.dropped {
		if !strings.Contains("fired synced moved-on gone", id) {
			t.Errorf("timer of %s dropped", id)
		}
	}
	if len(repo.dropped) != 4 {
		t.Errorf("dropped %v", repo.dropped)
	}
}

func TestConfigValidateNamesEveryProblem(t *testing.T) {
	if err := (Config{Batch: 5000, Workers: 1, Budget: time.Second, Reserve: 2 * time.Second}).withDefaults().Validate(); err == nil ||
		!strings.Contains(err.Error(), "batch") || !strings.Contains(err.Error(), "reserve") {
		t.Errorf("invalid config: %v", err)
	}
}
