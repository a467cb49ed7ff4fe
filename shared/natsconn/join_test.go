package natsconn_test

import (
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ordercenter/ordercenter/shared/natsconn"
)

// freePort is a loopback port nothing listens on (now).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// A server that is not there yet is joined in the background, once it
// comes: Connect does not fail a cold function because NATS restarts.
func TestUnreachableJoinedLater(t *testing.T) {
	port := freePort(t)
	nc, err := connect(t, natsconn.Config{URL: "127.0.0.1:" + itoa(port), Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if nc.IsConnected() {
		t.Fatal("connected to nothing")
	}
	startServer(t, func(o *server.Options) { o.Port = port })
	deadline := time.Now().Add(returnWithin)
	for !nc.IsConnected() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	roundTrip(t, nc)
}

// Of several servers, the one that answers is taken.
func TestSeveralServers(t *testing.T) {
	srv := startServer(t, nil)
	dead := "nats://127.0.0.1:" + itoa(freePort(t))
	for _, url := range []string{dead + "," + srv.ClientURL(), srv.ClientURL() + " , " + dead} {
		nc, err := connect(t, natsconn.Config{URL: url, Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, nc)
		if got := len(nc.Servers()); got < 2 {
			t.Errorf("%s: the pool holds %d servers, want both", url, got)
		}
	}
}
