package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	pushnotify "github.com/ordercenter/ordercenter/functions/push-notify"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// invokerFunc is a connector.Invoker in a function.
type invokerFunc func(ctx context.Context, c connector.Call) (connector.Answer, error)

func (f invokerFunc) Invoke(ctx context.Context, c connector.Call) (connector.Answer, error) {
	return f(ctx, c)
}

// refuser answers every call 400: the connector dead-letters each event
// at once, as it does what a function rejects for good.
var refuser = invokerFunc(func(context.Context, connector.Call) (connector.Answer, error) {
	return connector.Answer{Status: http.StatusBadRequest, Body: []byte(`{"code":"invalid_request"}`)}, nil
})

// pushNotify is the real push-notify, built from the world's parts, called
// through its HTTP entry as the gateway calls it (the proof of origin is
// checked there).
func (w *world) pushNotify(t *testing.T) connector.Invoker {
	t.Helper()
	n, err := pushnotify.Build(w.deps)
	if err != nil {
		t.Fatal(err)
	}
	return invokerFunc(func(ctx context.Context, c connector.Call) (connector.Answer, error) {
		req := handler.Request{Method: http.MethodPost, Header: c.Header, Body: c.Body}
		req.WithContext(ctx)
		resp, err := n.Handle(req)
		return connector.Answer{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body}, err
	})
}

// deliver runs the connector's push-notify consumer over inv until stop.
func (w *world) deliver(t *testing.T, inv connector.Invoker) (stop func()) {
	t.Helper()
	subs := []connector.Subscription{{Function: pushnotify.Name, Subjects: []string{events.SubjectPrefix + ">"}}}
	c, err := connector.New(context.Background(), w.nc, w.js, subs, inv, connector.Options{
		AckWait: 10 * time.Second, BackOff: []time.Duration{20 * time.Millisecond, 100 * time.Millisecond},
		MaxDeliver: 100, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			_ = c.Wait()
		}
	}
	t.Cleanup(stop)
	return stop
}

// paidOrders places n orders of distinct users and pays each: 2n events
// (order.created, heard by nobody; order.paid, pushed to the user and the
// merchant).
func (w *world) paidOrders(t *testing.T, n int) []string {
	t.Helper()
	orders, err := w.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range n {
		rec := orderstoretest.Place(t, orders, orderstoretest.Spec{UserID: fmt.Sprintf("u-%d", i), StoreID: "s-1"})
		orderstoretest.Drive(t, orders, rec.OrderID, order.StatusPaid, "", time.Now())
		ids = append(ids, rec.OrderID)
	}
	return ids
}

// TestReplayDeliversEachDeadLetterOnce: 100 events dead-lettered for
// push-notify are replayed to the real push-notify: each pushed once,
// proof of origin intact; a second replay does nothing; the same letters
// dead-lettered again (twice each) and replayed push nothing more.
func TestReplayDeliversEachDeadLetterOnce(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		w := newWorld(t, s)
		stop := w.deliver(t, refuser)
		ids := w.paidOrders(t, 50)
		eventually(t, func() string {
			if n := w.deadLetters(t, pushnotify.Name); n != 100 {
				return fmt.Sprintf("%d dead letters, want 100", n)
			}
			return ""
		})
		stop()
		letters := w.letters(t)

		w.listAndConsumers(t)

		w.deliver(t, w.pushNotify(t))
		out := w.must(t, "dlq", "replay", "--all", "--consumer", pushnotify.Name)
		if !strings.Contains(out, "100 dead letters replayed") {
			t.Fatalf("replay said:\n%s", out)
		}
		w.settled(t, pushnotify.Name)
		w.wantPushes(t, ids)
		if n := w.deadLetters(t, pushnotify.Name); n != 0 {
			t.Fatalf("%d dead letters after the replay: the replayed events were refused", n)
		}

		// Again: the letters are gone, nothing is published.
		if out := w.must(t, "dlq", "replay", "--all"); !strings.Contains(out, "0 dead letters replayed") {
			t.Fatalf("second replay said:\n%s", out)
		}
		code, _, stderr := w.ocadmin(t, "dlq", "replay", fmt.Sprint(letters[0].Seq))
		if code != 1 || !strings.Contains(stderr, "no such dead letter") {
			t.Fatalf("replay of a deleted letter: exit %d, %s", code, stderr)
		}
		w.settled(t, pushnotify.Name)
		w.wantPushes(t, ids)

		// The same events dead-lettered again, twice each, and replayed:
		// each is published once, and push-notify pushes nothing twice.
		w.deadLetterAgain(t, letters, 2)
		out = w.must(t, "dlq", "replay", "--all")
		if !strings.Contains(out, "200 dead letters replayed") || strings.Count(out, "same event as one replayed above") != 100 {
			t.Fatalf("replay of re-dead-lettered events said:\n%s", out)
		}
		w.settled(t, pushnotify.Name)
		w.wantPushes(t, ids)
	})
}

// letters reads every dead letter.
func (w *world) letters(t *testing.T) []events.DeadMessage {
	t.Helper()
	dl, err := events.OpenDeadLetters(context.Background(), w.js)
	if err != nil {
		t.Fatal(err)
	}
	all, err := dl.List(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// deadLetterAgain writes the letters to the dead-letter stream again,
// times times each, as the connector would have.
func (w *world) deadLetterAgain(t *testing.T, letters []events.DeadMessage, times int) {
	t.Helper()
	for i := range times {
		for _, l := range letters {
			m := nats.NewMsg(events.DeadLetterRoot + l.Consumer)
			m.Data, m.Header = l.Data, nats.Header{}
			for k, v := range l.Header {
				m.Header[k] = v
			}
			m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%s:again-%d", l.EventID, i))
			if _, err := w.js.PublishMsg(context.Background(), m); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// wantPushes checks that every order's payment was pushed exactly once to
// its user and its merchant, and nothing else.
func (w *world) wantPushes(t *testing.T, ids []string) {
	t.Helper()
	got := map[string]int{}
	for _, n := range w.push.Notifications("", "") {
		got[n.NotificationID]++
	}
	if len(got) != 2*len(ids) {
		t.Errorf("%d distinct pushes, want %d", len(got), 2*len(ids))
	}
	for _, id := range ids {
		for _, kind := range []string{"user", "merchant"} {
			nid := order.EventIDFor(id, 2, 1) + "." + kind
			if got[nid] != 1 {
				t.Errorf("push %s delivered %d times, want once", nid, got[nid])
			}
		}
	}
}

var listLine = regexp.MustCompile(`(?m)^\d+\s+push-notify\s+orders\.events\.order\.(created|paid)\s+\S+\s+1\s+\d{4}-\d\d-\d\d .*function answered 400`)

// listAndConsumers: list shows the letters one a line, consumers the
// dead letters of push-notify.
func (w *world) listAndConsumers(t *testing.T) {
	t.Helper()
	out := w.must(t, "dlq", "list", "--consumer", pushnotify.Name, "--limit", "5")
	if n := len(listLine.FindAllString(out, -1)); n != 5 || !strings.Contains(out, "5 shown of 100 dead letters of push-notify") {
		t.Errorf("dlq list: %d letter lines in\n%s", n, out)
	}
	if out := w.must(t, "dlq", "list", "--consumer", "nobody"); !strings.Contains(out, "0 shown of 0 dead letters") {
		t.Errorf("dlq list of an unknown consumer:\n%s", out)
	}
	out = w.must(t, "consumers")
	if !regexp.MustCompile(`(?m)^push-notify\s+orders\.events\.>\s+0\s+0\s+0\s+\d{4}-.*\s100$`).MatchString(out) {
		t.Errorf("consumers:\n%s", out)
	}
}

// TestReplayOneAndDrop: one letter replayed by its sequence carries the
// original bytes and proof of origin under a new message id; drop
// deletes one, or all of a consumer's.
func TestReplayOneAndDrop(t *testing.T) {
	w := newWorld(t, backends.Bolt(t))
	stop := w.deliver(t, refuser)
	orders, err := w.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		orderstoretest.Place(t, orders, orderstoretest.Spec{})
	}
	eventually(t, func() string {
		if n := w.deadLetters(t, pushnotify.Name); n != 4 {
			return fmt.Sprintf("%d dead letters, want 4", n)
		}
		return ""
	})
	stop()
	letters := w.letters(t)
	first := letters[0]

	out := w.must(t, "dlq", "replay", fmt.Sprint(first.Seq))
	replayID := first.EventID + ".replay." + fmt.Sprint(first.Seq)
	if !strings.Contains(out, "republished on orders.events.order.created as "+replayID) {
		t.Errorf("replay said %s", out)
	}
	stream, err := w.js.Stream(context.Background(), events.Stream)
	if err != nil {
		t.Fatal(err)
	}
	m, err := stream.GetLastMsgForSubject(context.Background(), first.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get(jetstream.MsgIDHeader) != replayID || string(m.Data) != string(first.Data) ||
		m.Header.Get("Oc-Origin") == "" || m.Header.Get("Oc-Origin") != first.Header.Get("Oc-Origin") ||
		m.Header.Get(events.HeaderDeadReason) != "" {
		t.Errorf("replayed message: headers %v, body %s; letter headers %v", m.Header, m.Data, first.Header)
	}

	if out := w.must(t, "dlq", "drop", fmt.Sprint(letters[1].Seq)); !strings.Contains(out, "dropped") {
		t.Errorf("drop said %s", out)
	}
	if code, _, stderr := w.ocadmin(t, "dlq", "drop", fmt.Sprint(letters[1].Seq)); code != 1 || !strings.Contains(stderr, "no such dead letter") {
		t.Errorf("drop again: exit %d, %s", code, stderr)
	}
	if out := w.must(t, "dlq", "drop", "--all", "--consumer", pushnotify.Name); !strings.Contains(out, "2 dead letters dropped of push-notify") {
		t.Errorf("drop --all said %s", out)
	}
	if n := w.deadLetters(t, pushnotify.Name); n != 0 {
		t.Errorf("%d dead letters left", n)
	}
}

// TestDLQUsage: wrong calls exit 2 and say why.
func TestDLQUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dlq"}, "commands:"},
		{[]string{"dlq", "frob"}, `unknown command "frob"`},
		{[]string{"dlq", "replay"}, "give one sequence, or --all"},
		{[]string{"dlq", "replay", "3", "--all"}, "not both"},
		{[]string{"dlq", "drop", "x"}, `"x" is not a sequence number`},
		{[]string{"dlq", "drop", "--consumer", "c", "4"}, "--consumer goes with --all"},
		{[]string{"dlq", "list", "extra"}, `unexpected argument "extra"`},
		{[]string{"order", "show"}, "give one order id"},
		{[]string{"heal", "a", "b"}, "give one order id"},
		{[]string{"consumers", "--bogus"}, "flag provided but not defined"},
	} {
		code, stdout, stderr := call(t, nil, c.args...)
		if code != 2 || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("ocadmin %q: exit %d, output %q; want exit 2 and %q", c.args, code, stdout+stderr, c.want)
		}
	}
}
