package timers

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

var quiet = slog.New(slog.DiscardHandler)

func newRepo(store kv.Store) *orderstore.Repository {
	return orderstore.New(store, orderstore.Options{Logger: quiet})
}

// testConfig runs with real time, a long budget and a full batch.
func testConfig() Config {
	return Config{Batch: 1000, Budget: time.Minute, Logger: quiet}
}

// drain fires every timer already due in the store, so that a test on a
// shared DynamoDB table counts only its own.
func drain(t testing.TB, repo *orderstore.Repository) {
	t.Helper()
	for _, task := range All(repo, testConfig()) {
		for {
			got, err := task.Run(context.Background())
			if err != nil {
				t.Fatalf("drain %s: %v", task.Name(), err)
			}
			if r := got.(Report); !r.More {
				break
			}
		}
	}
}

// overdueUnpaid places n orders whose payment deadline passed five minutes
// ago, a few at a time.
func overdueUnpaid(t testing.TB, repo *orderstore.Repository, n int) []string {
	t.Helper()
	spec := orderstoretest.Spec{Now: time.Now().Add(-20 * time.Minute)}
	ids := make([]string, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				rec, err := repo.Create(context.Background(), orderstoretest.NewOrder(t, spec))
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = rec.OrderID
			}
		})
	}
	wg.Wait()
	return ids
}

// moves counts the changes of an order's timeline by action (order.paid
// counts as "pay").
func moves(t testing.TB, repo *orderstore.Repository, id string) map[string]int {
	t.Helper()
	changes, err := repo.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, c := range changes {
		switch {
		case c.Type == order.EventPaid.String():
			n["pay"]++
		case c.Action != "":
			n[c.Action]++
		}
	}
	return n
}

func statusOf(t testing.TB, repo *orderstore.Repository, id string) order.Status {
	t.Helper()
	o, err := repo.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o.Status()
}

func run(t testing.TB, task *Task) Report {
	t.Helper()
	got, err := task.Run(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", task.Name(), err)
	}
	return got.(Report)
}
