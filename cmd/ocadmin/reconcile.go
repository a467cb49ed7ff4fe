package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/payment/dayreport"
)

// errDifferences: the report listed differences (exit 1, so a scheduled
// run alerts).
var errDifferences = fmt.Errorf("the provider and the order center differ")

func runReconcile(ctx context.Context, args []string, e env) error {
	fs := newFlags("reconcile", "reconcile --day YYYY-MM-DD [--store S] [--json]",
		"Compare the payment provider's ledger of a UTC day with the orders and refunds of the\n"+
			"order center, and list every difference once (docs/pay-callback.md, Daily reconciliation).\n"+
			"Exits 1 when there are differences.", e.stderr)
	dayFlag := fs.String("day", "", "the UTC day, YYYY-MM-DD (required)")
	store := fs.String("store", "", "reconcile the orders of this store only")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	day, derr := time.Parse(time.DateOnly, *dayFlag)
	if len(rest) > 0 || derr != nil {
		return wrongly(fs, "want --day YYYY-MM-DD and no arguments")
	}
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := reconcileDay(ctx, d, day, *store)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printReport(e.stdout, rep)
	}
	if len(rep.Differences) > 0 {
		return errDifferences
	}
	return nil
}

// printReport writes the report as text: a summary line and a table.
func printReport(w io.Writer, rep dayreport.Report) {
	scope := "every store"
	if rep.Store != "" {
		scope = "store " + rep.Store
	}
	fmt.Fprintf(w, "reconciliation of %s, %s: %d payments and %d refunds at the provider, %d orders here, %d differences\n",
		rep.Day, scope, rep.ProviderPayments, rep.ProviderRefunds, rep.Orders, len(rep.Differences))
	if len(rep.Differences) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tORDER\tSTORE\tTXN\tREFUND\tPROVIDER\tHERE")
	for _, d := range rep.Differences {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Kind, dash(d.OrderID), dash(d.StoreID), dash(d.TxnID),
			dash(d.RefundID), side(d.ProviderAmount, d.ProviderStatus, d.Currency), side(d.OurAmount, d.OurStatus, d.Currency))
	}
	tw.Flush()
}

// side is one side's amount and status, "-" when it has nothing.
func side(amount int64, status, currency string) string {
	if status == "" {
		return "-"
	}
	return fmt.Sprintf("%s %s", money(amount, currency), status)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// reconcileDay builds the report of the day from the configuration's
// store and payment provider.
func reconcileDay(ctx context.Context, d *app.Deps, day time.Time, store string) (dayreport.Report, error) {
	if d.Config.PaymentProviderURL == "" {
		return dayreport.Report{}, fmt.Errorf("PAYMENT_PROVIDER_URL is not set: there is no provider to reconcile with")
	}
	repo, err := d.Reader()
	if err != nil {
		return dayreport.Report{}, err
	}
	payments, err := d.Payments()
	if err != nil {
		return dayreport.Report{}, err
	}
	src := dayreport.Sources{Provider: payments, Orders: repo, Days: repo.PaymentLedger()}
	return dayreport.Build(ctx, src, day, store)
}
