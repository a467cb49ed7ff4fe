package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
)

// The demo store and dish the batch orders.
const (
	batchStore = "s-lanzhou"
	batchSKU   = "beef-noodle-soup"
)

// placed is one order of a batch.
type placed struct {
	user  string
	id    string
	total int64
}

// batch places and pays n orders, then waits until each is PAID and has
// had its pushes.
func batch(args []string) error {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	base := fs.String("url", "", "the gateway's base URL (required)")
	secretsDir := fs.String("secrets", "", "directory holding jwt-secret (required)")
	n := fs.Int("n", 50, "orders to place and pay")
	conc := fs.Int("c", 4, "orders in flight at once")
	prefix := fs.String("prefix", "batch", "starts the users' ids and idempotency keys")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long the orders may take to be paid and pushed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := newClient(*base, *secretsDir)
	if err != nil {
		return err
	}
	ctx := context.Background()
	start := time.Now()
	orders, err := placeAndPay(ctx, c, *prefix, *n, *conc)
	if err != nil {
		return err
	}
	fmt.Printf("batch %s: %d orders placed and paid in %v\n", *prefix, len(orders), since(start))
	if err := waitPaid(ctx, c, orders, *timeout); err != nil {
		return err
	}
	fmt.Printf("batch %s: every order PAID after %v\n", *prefix, since(start))
	if err := waitPushes(ctx, c, orders, *timeout); err != nil {
		return err
	}
	fmt.Printf("batch %s: %d order.paid pushes (user and merchant of each order) after %v\n", *prefix, 2*len(orders), since(start))
	return nil
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

// placeAndPay places order i for user <prefix>-u<i> and pays it through the
// sandbox provider, conc at a time.
func placeAndPay(ctx context.Context, c *client, prefix string, n, conc int) ([]placed, error) {
	orders := make([]placed, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for i := range next {
				orders[i], errs[i] = placeOne(ctx, c, fmt.Sprintf("%s-u%d", prefix, i), fmt.Sprintf("%s-%d", prefix, i))
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return orders, nil
}

func placeOne(ctx context.Context, c *client, user, key string) (placed, error) {
	h := c.bearer(auth.Principal{Subject: user, Role: auth.RoleUser})
	h.Set("Idempotency-Key", key)
	body := map[string]any{"store_id": batchStore, "items": []map[string]any{{"sku_id": batchSKU, "qty": 1}},
		"delivery": map[string]string{"name": "Rehearsal", "phone": "13800001234", "address": "1 Renmin Rd"}}
	var o struct {
		OrderID string `json:"order_id"`
		Amounts struct {
			Total int64 `json:"total"`
		} `json:"amounts"`
	}
	if err := c.call(ctx, http.MethodPost, "/function/place-order", h, body, &o); err != nil {
		return placed{}, fmt.Errorf("place order %s: %w", key, err)
	}
	var paid struct {
		Webhook struct {
			Status int `json:"status"`
		} `json:"webhook"`
	}
	pay := map[string]any{"order_id": o.OrderID, "amount": o.Amounts.Total}
	if err := c.call(ctx, http.MethodPost, "/sandbox/payments/pay", nil, pay, &paid); err != nil {
		return placed{}, fmt.Errorf("pay order %s: %w", o.OrderID, err)
	}
	if paid.Webhook.Status != http.StatusOK {
		return placed{}, fmt.Errorf("pay order %s: pay-callback answered %d", o.OrderID, paid.Webhook.Status)
	}
	return placed{user: user, id: o.OrderID, total: o.Amounts.Total}, nil
}

// waitPaid waits until order-query reads every order PAID.
func waitPaid(ctx context.Context, c *client, orders []placed, timeout time.Duration) error {
	left := append([]placed(nil), orders...)
	return poll(ctx, timeout, "orders PAID", func() (bool, error) {
		var still []placed
		for _, o := range left {
			var got struct {
				Status string `json:"status"`
			}
			h := c.bearer(auth.Principal{Subject: o.user, Role: auth.RoleUser})
			if err := c.call(ctx, http.MethodGet, "/function/order-query/orders/"+o.id, h, nil, &got); err != nil {
				return false, err
			}
			if got.Status != "PAID" {
				still = append(still, o)
			}
		}
		left = still
		return len(left) == 0, nil
	})
}

// waitPushes waits until the sandbox push gateway delivered each order's
// order.paid push to its user and to its store.
func waitPushes(ctx context.Context, c *client, orders []placed, timeout time.Duration) error {
	left := append([]placed(nil), orders...)
	err := poll(ctx, timeout, "order.paid pushes", func() (bool, error) {
		var still []placed
		for _, o := range left {
			var got []pushsandbox.Notification
			if err := c.call(ctx, http.MethodGet, "/sandbox/push/notifications?order_id="+url.QueryEscape(o.id), nil, nil, &got); err != nil {
				return false, err
			}
			if !pushed(got, pushsandbox.Recipient{Kind: pushsandbox.RecipientUser, ID: o.user}) ||
				!pushed(got, pushsandbox.Recipient{Kind: pushsandbox.RecipientMerchant, ID: batchStore}) {
				still = append(still, o)
			}
		}
		left = still
		return len(left) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("%w (%d of %d orders lack a push)", err, len(left), len(orders))
	}
	return nil
}

// pushed reports whether an order.paid push reached r.
func pushed(ns []pushsandbox.Notification, r pushsandbox.Recipient) bool {
	for _, n := range ns {
		if n.Recipient == r && n.Data.Event == "order.paid" {
			return true
		}
	}
	return false
}
