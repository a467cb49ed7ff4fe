package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	paysandbox "github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

// refund places and pays an order, refunds it in full as service, and
// waits until the refund SUCCEEDED and the sandbox provider carried it out.
func refund(args []string) error {
	fs := flag.NewFlagSet("refund", flag.ContinueOnError)
	base := fs.String("url", "", "the gateway's base URL (required)")
	secretsDir := fs.String("secrets", "", "directory holding jwt-secret (required)")
	prefix := fs.String("prefix", "refund", "starts the user's id, the idempotency key and the refund id")
	timeout := fs.Duration("timeout", time.Minute, "how long the refund may take")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := newClient(*base, *secretsDir)
	if err != nil {
		return err
	}
	ctx := context.Background()
	start := time.Now()
	o, err := placeOne(ctx, c, *prefix+"-u", *prefix+"-order")
	if err != nil {
		return err
	}
	if err := waitPaid(ctx, c, []placed{o}, *timeout); err != nil {
		return err
	}
	id := *prefix + "-refund"
	service := c.bearer(auth.Principal{Subject: "svc-rehearsal", Role: auth.RoleService})
	ask := map[string]any{"order_id": o.id, "refund_id": id, "reason": "deployment rehearsal"}
	if err := c.call(ctx, http.MethodPost, "/function/refund", service, ask, nil); err != nil {
		return err
	}
	err = poll(ctx, *timeout, "refund "+id+" SUCCEEDED", func() (bool, error) {
		var got struct {
			Status string `json:"status"`
			Amount int64  `json:"amount"`
		}
		if err := c.call(ctx, http.MethodGet, "/function/refund/"+id, service, nil, &got); err != nil {
			return false, err
		}
		if got.Status == "FAILED" {
			return false, fmt.Errorf("refund %s FAILED", id)
		}
		return got.Status == "SUCCEEDED" && got.Amount == o.total, nil
	})
	if err != nil {
		return err
	}
	if err := carriedOut(ctx, c, id); err != nil {
		return err
	}
	fmt.Printf("refund %s of order %s (%d) SUCCEEDED, carried out by the sandbox provider, in %v\n", id, o.id, o.total, since(start))
	return nil
}

// carriedOut checks that the sandbox provider answered a refund call with
// Idempotency-Key id with a 2xx.
func carriedOut(ctx context.Context, c *client, id string) error {
	var calls []paysandbox.Call
	if err := c.call(ctx, http.MethodGet, "/sandbox/payments/calls?kind="+paysandbox.KindRefund, nil, nil, &calls); err != nil {
		return err
	}
	for _, call := range calls {
		if call.IdempotencyKey == id && call.Status/100 == 2 {
			return nil
		}
	}
	return fmt.Errorf("the sandbox provider carried out no refund under %s (%d refund calls)", id, len(calls))
}

// calls waits until the gateway answered a function at least -min times
// with a status of -status.
func calls(args []string) error {
	fs := flag.NewFlagSet("calls", flag.ContinueOnError)
	base := fs.String("url", "", "the gateway's base URL (required)")
	function := fs.String("function", "", "the function (required)")
	class := fs.String("status", "2xx", "2xx, 5xx or a status")
	least := fs.Int("min", 1, "how many calls at least")
	wait := fs.Duration("wait", 0, "how long to wait for them")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := &client{base: *base, http: &http.Client{Timeout: 10 * time.Second}}
	ctx := context.Background()
	got := 0
	err := poll(ctx, max(*wait, time.Millisecond), fmt.Sprintf("%s answered %s %d times", *function, *class, *least), func() (bool, error) {
		var counts map[string]map[string]int
		if err := c.call(ctx, http.MethodGet, "/rehearsal/calls", nil, nil, &counts); err != nil {
			return false, err
		}
		got = 0
		for status, n := range counts[*function] {
			if matches(status, *class) {
				got += n
			}
		}
		return got >= *least, nil
	})
	if err != nil {
		return fmt.Errorf("%w (%d so far)", err, got)
	}
	fmt.Printf("%s: %d calls answered %s\n", *function, got, *class)
	return nil
}

// matches reports whether status ("200") is of class ("2xx" or "200").
func matches(status, class string) bool {
	if len(class) == 3 && class[1:] == "xx" {
		n, err := strconv.Atoi(status)
		return err == nil && strconv.Itoa(n/100) == class[:1]
	}
	return status == class
}
