package connector_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/order"
)

var paidOnly = []string{order.EventPaid.Subject()}

// A function answering 503 for a while (OC_TEST_UNAVAILABLE, 1 s by
// default; CI sets 5 s) then 200 gets every event, and every event is
// acknowledged.
func TestUnavailableFunctionGetsEveryEventOnceItRecovers(t *testing.T) {
	b := newBus(t)
	until := time.Now().Add(envDuration(t, "OC_TEST_UNAVAILABLE", time.Second))
	fn := &function{answer: func(*http.Request, []byte) int {
		if time.Now().Before(until) {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}}
	gw := gateway(t, map[string]http.Handler{"holds": fn})
	b.run(t, []connector.Subscription{{Function: "holds", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), fast())
	ids := b.publish(t, order.EventPaid, "e", 50)
	fn.waitAcked(t, ids)
	b.settled(t, "holds")
	if calls := fn.snapshot(); calls[0].status != http.StatusServiceUnavailable {
		t.Errorf("the first call was answered %d, want 503", calls[0].status)
	}
}

// A 429's Retry-After is honoured: the next delivery waits at least that.
func TestRetryAfterIsHonoured(t *testing.T) {
	b := newBus(t)
	var calls atomic.Int64
	fn := &function{answer: func(r *http.Request, _ []byte) int {
		if calls.Add(1) == 1 {
			return http.StatusTooManyRequests
		}
		return http.StatusOK
	}}
	gw := gateway(t, map[string]http.Handler{"push": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Load() == 0 {
			w.Header().Set("Retry-After", "1")
		}
		fn.ServeHTTP(w, r)
	})})
	b.run(t, []connector.Subscription{{Function: "push", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), fast())
	ids := b.publish(t, order.EventPaid, "e", 1)
	fn.waitAcked(t, ids)
	b.settled(t, "push")
	got := fn.snapshot()
	if len(got) != 2 {
		t.Fatalf("%d calls, want 2", len(got))
	}
	if wait := got[1].at.Sub(got[0].at); wait < time.Second {
		t.Errorf("redelivered %s after a 429 asking for 1 s", wait)
	}
}

// A function that cannot be reached (connection refused) while 500
// events arrive gets all of them once it is back.
func TestFunctionDownWhileEventsArrive(t *testing.T) {
	b := newBus(t)
	addr := freeAddr(t)
	b.run(t, []connector.Subscription{{Function: "refund", Subjects: paidOnly}}, connector.NewHTTP("http://"+addr, time.Second), fast())
	ids := b.publish(t, order.EventPaid, "e", 500)
	eventually(t, 30*time.Second, func() string {
		ci, err := consumerInfo(b, "refund")
		if err != nil || ci.NumRedelivered == 0 {
			return "no delivery has failed yet"
		}
		return ""
	})
	fn := &function{}
	srv := &http.Server{Addr: addr, Handler: route(map[string]http.Handler{"refund": fn})}
	go func() { _ = srv.ListenAndServe() }()
	t.Cleanup(func() { _ = srv.Close() })
	fn.waitAcked(t, ids)
	b.settled(t, "refund")
}

func consumerInfo(b *bus, name string) (*jetstream.ConsumerInfo, error) {
	c, err := b.js.Consumer(context.Background(), events.Stream, name)
	if err != nil {
		return nil, err
	}
	return c.Info(context.Background())
}

// A 4xx is dead-lettered at once with the function's reason; a 503 that
// lasts past the last delivery is dead-lettered too.
func TestRejectedAndExhaustedEventsAreDeadLettered(t *testing.T) {
	b := newBus(t)
	fn := &function{answer: func(r *http.Request, _ []byte) int {
		switch r.Header.Get("Nats-Msg-Id") {
		case "bad-0":
			return http.StatusBadRequest
		case "down-0":
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}}
	gw := gateway(t, map[string]http.Handler{"holds": fn})
	o := fast()
	o.MaxDeliver = 3
	b.run(t, []connector.Subscription{{Function: "holds", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), o)
	b.publish(t, order.EventPaid, "bad", 1)
	b.publish(t, order.EventPaid, "down", 1)
	ok := b.publish(t, order.EventPaid, "ok", 3)
	fn.waitAcked(t, ok)
	b.settled(t, "holds")

	dead := deadLetters(t, b, "holds", 2)
	bad, down := dead["bad-0"], dead["down-0"]
	if bad == nil || !strings.Contains(bad.Headers().Get(events.HeaderDeadReason), "400") ||
		bad.Headers().Get(events.HeaderDeadDeliveries) != "1" || bad.Headers().Get(events.HeaderDeadSubject) != order.EventPaid.Subject() {
		t.Errorf("the rejected event's dead letter: %v", headersOf(bad))
	}
	if down == nil || !strings.Contains(down.Headers().Get(events.HeaderDeadReason), "503") ||
		down.Headers().Get(events.HeaderDeadDeliveries) != "3" {
		t.Errorf("the exhausted event's dead letter: %v", headersOf(down))
	}
	if n := len(fn.snapshot()); n != 1+3+3 {
		t.Errorf("%d calls, want 7 (1 rejected, 3 tries, 3 done)", n)
	}
}

// deadLetters reads n dead letters of a consumer, by original event id.
func deadLetters(t *testing.T, b *bus, consumer string, n int) map[string]jetstream.Msg {
	t.Helper()
	ctx := context.Background()
	c, err := b.js.OrderedConsumer(ctx, events.DeadLetter, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{events.DeadLetterRoot + consumer}})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := c.Fetch(n, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]jetstream.Msg{}
	for m := range batch.Messages() {
		id, _ := strings.CutPrefix(m.Headers().Get(jetstream.MsgIDHeader), consumer+":")
		got[id] = m
	}
	if len(got) != n {
		t.Fatalf("%d dead letters, want %d", len(got), n)
	}
	return got
}

func headersOf(m jetstream.Msg) any {
	if m == nil {
		return "none"
	}
	return m.Headers()
}

// Wildcard subjects select what they match, and only that.
func TestWildcardSubscriptions(t *testing.T) {
	b := newBus(t)
	orders, all := &function{}, &function{}
	gw := gateway(t, map[string]http.Handler{"orders": orders, "all": all})
	b.run(t, []connector.Subscription{
		{Function: "orders", Subjects: []string{"orders.events.order.*"}},
		{Function: "all", Subjects: []string{"orders.events.>"}},
	}, connector.NewHTTP(gw.URL, time.Second), fast())
	paid := b.publish(t, order.EventPaid, "paid", 3)
	refund := b.publish(t, order.EventRefundRequested, "refund", 2)
	all.waitAcked(t, append(paid, refund...))
	orders.waitAcked(t, paid)
	b.settled(t, "orders")
	for _, c := range orders.snapshot() {
		if c.topic != order.EventPaid.Subject() {
			t.Errorf("orders.events.order.* got %s", c.topic)
		}
	}
}

// A function that does not answer holds only its own deliveries: another
// gets every event meanwhile, and the slow one never has more than
// Options.InFlight calls in hand.
func TestSlowFunctionDoesNotDelayAnother(t *testing.T) {
	b := newBus(t)
	release := make(chan struct{})
	var inHand, most atomic.Int64
	slow := &function{answer: func(*http.Request, []byte) int {
		n := inHand.Add(1)
		defer inHand.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		return http.StatusOK
	}}
	fast1 := &function{}
	gw := gateway(t, map[string]http.Handler{"slow": slow, "quick": fast1})
	o := fast()
	o.InFlight = 4
	o.AckWait = time.Minute
	b.run(t, []connector.Subscription{
		{Function: "slow", Subjects: paidOnly}, {Function: "quick", Subjects: paidOnly},
	}, connector.NewHTTP(gw.URL, time.Minute), o)
	ids := b.publish(t, order.EventPaid, "e", 100)
	fast1.waitAcked(t, ids)
	if n := len(slow.snapshot()); n != 0 {
		t.Errorf("the slow function answered %d calls before it was released", n)
	}
	eventually(t, 10*time.Second, func() string {
		if inHand.Load() != 4 {
			return "the slow function does not have 4 calls in hand"
		}
		return ""
	})
	close(release)
	slow.waitAcked(t, ids)
	b.settled(t, "slow")
	if most.Load() != 4 {
		t.Errorf("the slow function had up to %d calls in hand, want 4", most.Load())
	}
}

// The call carries the event's headers: its proof of origin verifies at
// the function, its trace context and id travel, X-Topic names the
// subject.
func TestHeadersAreForwarded(t *testing.T) {
	b := newBus(t)
	verifier := originVerifier()
	var mu sync.Mutex
	var refused []string
	fn := &function{answer: func(r *http.Request, body []byte) int {
		if err := verifier(r, body); err != nil {
			mu.Lock()
			refused = append(refused, err.Error())
			mu.Unlock()
			return http.StatusUnauthorized
		}
		return http.StatusOK
	}}
	gw := gateway(t, map[string]http.Handler{"push-notify": fn})
	b.run(t, []connector.Subscription{{Function: "push-notify", Subjects: []string{"orders.events.>"}}},
		connector.NewHTTP(gw.URL, time.Second), fast())
	ctx := tracedContext()
	e := order.Event{EventID: "e-1", Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	if err := b.pub.Publish(ctx, []order.Event{e}); err != nil {
		t.Fatal(err)
	}
	fn.waitAcked(t, []string{"e-1"})
	c := fn.snapshot()[0]
	if len(refused) > 0 || c.topic != order.EventPaid.Subject() || c.id != "e-1" ||
		!strings.Contains(c.header.Get("Traceparent"), traceID) || c.header.Get("X-Connector") != connector.Name {
		t.Errorf("refused %v; call headers %v", refused, c.header)
	}
}
