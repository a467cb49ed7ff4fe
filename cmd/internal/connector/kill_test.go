package connector_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/cmd/internal/connector"
	"github.com/ordercenter/ordercenter/shared/order"
)

// killOptions are those of both connectors of the kill test: the
// redelivery of what the killed one had in hand waits out AckWait.
func killOptions() connector.Options {
	o := fast()
	o.AckWait = 2 * time.Second
	return o
}

// TestHelperConnectorProcess is the connector process the kill test
// starts (and kills); it does nothing in a normal run.
func TestHelperConnectorProcess(t *testing.T) {
	natsURL, gw := os.Getenv("OC_HELPER_NATS_URL"), os.Getenv("OC_HELPER_GATEWAY_URL")
	if natsURL == "" {
		t.Skip("run by TestKilledConnectorLosesNothing")
	}
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	subs := []connector.Subscription{{Function: "holds", Subjects: paidOnly}}
	c, err := connector.New(context.Background(), nc, js, subs, connector.NewHTTP(gw, time.Second), killOptions())
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Run(context.Background()) // until killed
}

// A connector killed with SIGKILL while it has calls in hand loses
// nothing: every event is acknowledged in the end, those it had in hand
// are delivered again.
func TestKilledConnectorLosesNothing(t *testing.T) {
	b := newBus(t)
	release := make(chan struct{})
	var answered, inHand atomic.Int64
	var mu sync.Mutex
	heldAtKill := map[string]bool{}
	fn := &function{answer: func(r *http.Request, _ []byte) int {
		if answered.Load() >= 50 {
			select {
			case <-release:
			default:
				mu.Lock()
				heldAtKill[r.Header.Get("Nats-Msg-Id")] = true
				mu.Unlock()
				inHand.Add(1)
				<-release
			}
		}
		answered.Add(1)
		return http.StatusOK
	}}
	gw := gateway(t, map[string]http.Handler{"holds": fn})
	ids := b.publish(t, order.EventPaid, "e", 300)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperConnectorProcess$")
	cmd.Env = append(os.Environ(), "OC_HELPER_NATS_URL="+b.srv.URL(), "OC_HELPER_GATEWAY_URL="+gw.URL)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() string {
		if inHand.Load() < int64(connector.DefaultInFlight) {
			return "the connector process does not have its calls in hand yet"
		}
		return ""
	})
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	mu.Lock()
	held := len(heldAtKill)
	mu.Unlock()
	close(release)

	b.run(t, []connector.Subscription{{Function: "holds", Subjects: paidOnly}}, connector.NewHTTP(gw.URL, time.Second), killOptions())
	fn.waitAcked(t, ids)
	b.settled(t, "holds")
	got := fn.acked()
	mu.Lock()
	defer mu.Unlock()
	for id := range heldAtKill {
		if got[id] < 2 {
			t.Errorf("%s, in hand when the connector was killed, was called %d times, want a redelivery", id, got[id])
		}
	}
	if held != connector.DefaultInFlight {
		t.Errorf("%d calls in hand at the kill, want %d", held, connector.DefaultInFlight)
	}
}
