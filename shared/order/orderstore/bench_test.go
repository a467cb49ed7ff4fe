package orderstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// benchStores runs a benchmark on the embedded store (fsync'd, as the local
// runner uses it), with transactions ("bolt") and without
// ("bolt-portable"), and, with DYNAMODB_ENDPOINT set, on DynamoDB.
func benchStores(b *testing.B, fn func(b *testing.B, repo *Repository)) {
	b.Run("bolt", func(b *testing.B) {
		fn(b, New(backends.BoltDurable(b), Options{Publisher: nopPublisher{}}))
	})
	b.Run("bolt-portable", func(b *testing.B) {
		fn(b, New(portableStore{backends.BoltDurable(b)}, Options{Publisher: nopPublisher{}}))
	})
	b.Run("dynamodb", func(b *testing.B) {
		fn(b, New(backends.DynamoDB(b), Options{Publisher: nopPublisher{}}))
	})
}

type nopPublisher struct{}

func (nopPublisher) Publish(context.Context, []order.Event) error { return nil }

var benchUsers atomic.Int64

func BenchmarkCreate(b *testing.B) {
	benchStores(b, func(b *testing.B, repo *Repository) {
		user := fmt.Sprintf("u-bench-%d", benchUsers.Add(1))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				o := newDraftOrder(b, repo.now(), user, "s-bench")
				if _, err := repo.Create(context.Background(), o); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkTransition pays fresh orders: one transition each.
func BenchmarkTransition(b *testing.B) {
	benchStores(b, func(b *testing.B, repo *Repository) {
		ids := createOrders(b, repo, b.N)
		var next atomic.Int64
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := ids[next.Add(1)-1]
				if _, err := repo.Update(context.Background(), id, 1, func(o *order.Order) error {
					return o.Pay(order.Payment{TxnID: "t", Amount: o.Amounts().Total, Currency: o.Currency()}, repo.now())
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func BenchmarkGet(b *testing.B) {
	benchStores(b, func(b *testing.B, repo *Repository) {
		ids := createOrders(b, repo, 100)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				if _, err := repo.Get(context.Background(), ids[i%len(ids)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkListUserFirstPage reads the newest 20 of a user's 60 orders.
func BenchmarkListUserFirstPage(b *testing.B) {
	benchStores(b, func(b *testing.B, repo *Repository) {
		ids := createOrders(b, repo, 60)
		rec, _ := repo.Get(context.Background(), ids[0])
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				page, err := repo.ListByUser(context.Background(), rec.UserID(), 20, "")
				if err != nil || len(page.Orders) != 20 {
					b.Fatalf("list: %d orders, %v", len(page.Orders), err)
				}
			}
		})
	})
}

// BenchmarkListStorePage reads the second page of 20 of a store's day of
// 200 orders, unsharded and spread over 4 shards (4 queries a page).
func BenchmarkListStorePage(b *testing.B) {
	for _, shards := range []int{1, 4} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			benchStores(b, func(b *testing.B, repo *Repository) {
				ctx := context.Background()
				if err := repo.SetStoreShards(ctx, hotStore, shards); err != nil {
					b.Fatal(err)
				}
				seedStoreDay(b, repo, repo.now(), 200)
				first, err := repo.ListByStore(ctx, hotStore, hotDay, order.Status{}, 20, "")
				if err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						page, err := repo.ListByStore(ctx, hotStore, hotDay, order.Status{}, 20, first.Cursor)
						if err != nil || len(page.Orders) != 20 {
							b.Fatalf("list: %d orders, %v", len(page.Orders), err)
						}
					}
				})
			})
		})
	}
}

// createOrders creates n orders of one new user and returns their ids.
func createOrders(b *testing.B, repo *Repository, n int) []string {
	b.Helper()
	user := fmt.Sprintf("u-bench-%d", benchUsers.Add(1))
	ids := make([]string, n)
	for i := range ids {
		rec, err := repo.Create(context.Background(), newDraftOrder(b, repo.now(), user, "s-bench"))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = rec.OrderID
	}
	return ids
}

// BenchmarkVouch confirms a paid order's event against its timeline
// entry, as a consumer does before acting: one read.
func BenchmarkVouch(b *testing.B) {
	benchStores(b, func(b *testing.B, repo *Repository) {
		ctx := context.Background()
		rec, err := repo.Create(ctx, newDraftOrder(b, repo.now(), "u-bench-vouch", "s-bench"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := repo.Update(ctx, rec.OrderID, 1, func(o *order.Order) error {
			return o.Pay(order.Payment{TxnID: "txn-bench", Amount: o.Amounts().Total, Currency: o.Currency()}, repo.now())
		}); err != nil {
			b.Fatal(err)
		}
		changes, err := repo.Timeline(ctx, rec.OrderID)
		if err != nil {
			b.Fatal(err)
		}
		paid := changes[1].Events[0]
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := repo.Vouch(ctx, paid); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
