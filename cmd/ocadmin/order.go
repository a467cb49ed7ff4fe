package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderview"
)

// orderCommands are the subcommands of ocadmin order.
var orderCommands = []command{
	{"show", "the order's full view, phone masked unless --reveal", runOrderShow},
}

func runOrder(ctx context.Context, args []string, e env) error {
	return dispatch(ctx, "order", orderCommands, args, e)
}

// errRevealRefused: --reveal without a service token that verifies.
var errRevealRefused = errors.New("--reveal needs --token: a bearer token of role service, signed with a key of jwt-secret in SECRETS_DIR")

func runOrderShow(ctx context.Context, args []string, e env) error {
	fs := newFlags("order show", "order show <id> [--json] [--reveal --token JWT [--reason TEXT]]",
		"Shows the order's master record, whether its copies agree, its timeline, the\n"+
			"changes still pending, its refunds, its payment ledger, holds and timer; with\n"+
			"--json, as one JSON object. The phone number is masked; --reveal shows it to\n"+
			"customer service (a token of role service) and records the reveal on the\n"+
			"order's timeline first.", e.stderr)
	asJSON := fs.Bool("json", false, "print the view as JSON")
	reveal := fs.Bool("reveal", false, "show the phone number in full (needs --token)")
	token := fs.String("token", "", "a bearer token of role service, for --reveal")
	reason := fs.String("reason", "", "why the phone number is revealed, kept on the timeline")
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return wrongly(fs, "give one order id")
	}
	if *reveal && *token == "" {
		return wrongly(fs, "%v", errRevealRefused)
	}
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	id := rest[0]
	if *reveal {
		if err := recordReveal(ctx, d, id, *token, *reason); err != nil {
			return err
		}
	}
	v, err := buildView(ctx, d, id)
	if err != nil {
		return err
	}
	if !*reveal {
		v = v.Masked()
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	printView(e.stdout, v)
	return nil
}

// recordReveal checks that the token is customer service's and records the
// reveal on the order's timeline; the phone is shown only once it is.
func recordReveal(ctx context.Context, d *app.Deps, id, token, reason string) error {
	authn, err := d.Auth()
	if err != nil {
		return fmt.Errorf("cannot verify --token: %w", err)
	}
	req := handler.Request{Header: http.Header{"Authorization": {"Bearer " + strings.TrimPrefix(token, "Bearer ")}}}
	actor, err := authn.Actor(req)
	if err != nil || actor.Role != order.RoleService {
		return errRevealRefused
	}
	orders, err := d.Orders()
	if err != nil {
		return err
	}
	_, err = orders.Update(ctx, id, 0, func(o *order.Order) error {
		return o.RecordPhoneReveal(actor, reason, d.Now())
	})
	if err != nil && !errors.Is(err, orderstore.ErrSyncPending) {
		return fmt.Errorf("reveal not recorded, so not shown: %w", err)
	}
	return nil
}

// buildView reads the order's full view from the configuration's store and
// Redis (holds are left out, with a warning, when no Redis is configured).
func buildView(ctx context.Context, d *app.Deps, id string) (orderview.View, error) {
	repo, err := d.Reader()
	if err != nil {
		return orderview.View{}, err
	}
	src := orderview.Sources{Orders: repo, Ledger: repo.PaymentLedger(), Refunds: repo.RefundIndex(),
		Timeouts: orderview.Timeouts{Accept: d.Config.Timers.AcceptTimeout, Complete: d.Config.Timers.AutoCompleteAfter}}
	if d.Config.Redis.Set() {
		holds, err := d.Reserver()
		if err != nil {
			return orderview.View{}, err
		}
		src.Holds = holds
	} else {
		d.Log.Warn("no Redis configured: the holds are not shown")
	}
	v, err := orderview.Build(ctx, src, id)
	if errors.Is(err, orderstore.ErrNotFound) {
		return v, fmt.Errorf("no order %q", id)
	}
	return v, err
}

func runHeal(ctx context.Context, args []string, e env) error {
	fs := newFlags("heal", "heal <id>",
		"Finishes the order's interrupted changes now: a committed change gets its\n"+
			"copies, timeline entry and events (published); one that never committed is\n"+
			"dropped once 30 s old. The sweeper does the same for every order, later.", e.stderr)
	timeout := fs.Duration("timeout", defaultTimeout, "how long to try")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return wrongly(fs, "give one order id")
	}
	d, err := openDeps(e)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.NATS(); err != nil {
		return fmt.Errorf("%w: finishing a change publishes its events", err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	orders, err := d.Orders()
	if err != nil {
		return err
	}
	report, err := orders.FinishOrder(ctx, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "order %s: %d changes finished, %d dropped (never committed), %d too recent to judge\n",
		rest[0], report.Finished, report.Dropped, report.Waiting)
	if report.Waiting > 0 {
		fmt.Fprintln(e.stdout, "(a change younger than 30 s may still be in its writer's hands: run heal again in a moment)")
	}
	return nil
}
