package provider_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpcall"
	"github.com/ordercenter/ordercenter/shared/payment/provider"
	"github.com/ordercenter/ordercenter/shared/payment/sandbox"
)

func TestPaymentsOfAnOrder(t *testing.T) {
	sb, url := startSandbox(t)
	ctx := context.Background()
	// The sandbox's webhook goes nowhere: the payment is known all the same.
	_, _ = sb.Pay(ctx, sandbox.PayRequest{OrderID: "o-1", Amount: 5800, TxnID: "txn-1"})
	c := newClient(t, url, provider.BreakerConfig{})
	got, err := c.Payments(ctx, "o-1")
	if err != nil || len(got) != 1 || got[0].TxnID != "txn-1" || got[0].Amount != 5800 || got[0].Status != provider.PaymentSucceeded {
		t.Fatalf("Payments(o-1) = %+v, %v", got, err)
	}
	if none, err := c.Payments(ctx, "o-2"); err != nil || len(none) != 0 {
		t.Fatalf("Payments(o-2) = %+v, %v", none, err)
	}
}

func TestRefundStatus(t *testing.T) {
	sb, url := startSandbox(t)
	ctx := context.Background()
	c := newClient(t, url, provider.BreakerConfig{})
	sb.SetFaults(sandbox.Faults{PendingNext: 1})
	if _, err := c.Refund(ctx, req); err != nil {
		t.Fatal(err)
	}
	st, err := c.RefundStatus(ctx, req.RefundID)
	if err != nil || st.Status != provider.StatusPending || st.Amount != req.Amount || st.TxnID != req.TxnID {
		t.Fatalf("RefundStatus = %+v, %v", st, err)
	}
	if _, err := sb.CompleteRefund(ctx, req.RefundID, sandbox.StatusFailed); !errors.Is(err, sandbox.ErrNotDelivered) {
		t.Fatalf("complete: %v", err)
	}
	if st, err = c.RefundStatus(ctx, req.RefundID); err != nil || st.Status != provider.StatusFailed {
		t.Fatalf("RefundStatus after completion = %+v, %v", st, err)
	}
	if _, err := c.RefundStatus(ctx, "rf-never"); !errors.Is(err, httpcall.ErrNotFound) {
		t.Fatalf("an unknown refund: %v, want ErrNotFound", err)
	}
}

// A provider answering something else than the queries promise is a bad
// answer, not a fact to act on.
func TestQueriesRefuseAnswersOutsideTheContract(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/payments":
			_, _ = w.Write([]byte(`{"payments":[{"txn_id":"t","order_id":"another","amount":1,"currency":"CNY","status":"succeeded"}]}`))
		default:
			_, _ = w.Write([]byte(`{"refund_id":"rf-1","status":"maybe"}`))
		}
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, provider.BreakerConfig{})
	if _, err := c.Payments(context.Background(), "o-1"); !errors.Is(err, httpcall.ErrBadAnswer) {
		t.Errorf("a payment of another order: %v", err)
	}
	if _, err := c.RefundStatus(context.Background(), "rf-1"); !errors.Is(err, httpcall.ErrBadAnswer) {
		t.Errorf("an unknown status: %v", err)
	}
}

func TestLedgerReadsEveryPageOfTheDay(t *testing.T) {
	sb, url := startSandbox(t)
	ctx := context.Background()
	const n = 2*sandbox.DefaultLedgerPage + 7
	for i := range n {
		_, _ = sb.Pay(ctx, sandbox.PayRequest{OrderID: fmt.Sprintf("o-%d", i), Amount: 100, TxnID: fmt.Sprintf("txn-%d", i)})
	}
	c := newClient(t, url, provider.BreakerConfig{})
	got, err := c.Ledger(ctx, time.Now())
	if err != nil || len(got) != n {
		t.Fatalf("Ledger = %d entries, %v; want %d", len(got), err, n)
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.TxnID] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct txns over the pages, want %d", len(seen), n)
	}
	if yesterday, err := c.Ledger(ctx, time.Now().AddDate(0, 0, -1)); err != nil || len(yesterday) != 0 {
		t.Fatalf("yesterday's ledger = %+v, %v", yesterday, err)
	}
}
