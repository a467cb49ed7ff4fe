// Package eventstest runs a real NATS server with JetStream inside a test
// (the NATS project's nats-server, embedded), so that publishing and
// consuming are tested against the real thing; it can be stopped and
// started again on the same port and store to test outages.
package eventstest

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
)

// Server is an embedded NATS server with JetStream.
type Server struct {
	t    testing.TB
	opts server.Options
	srv  *server.Server
}

// Option changes the servers' options before they start.
type Option func(*server.Options)

// SyncAlways makes JetStream fsync every write before acknowledging it,
// as the deploy manifests configure NATS (sync_interval: always).
func SyncAlways(o *server.Options) { o.SyncAlways = true }

// Start starts a server on a free loopback port, storing in a temporary
// directory, with the order center's streams set up; it is shut down when
// the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, opts: server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true}}
	for _, o := range opts {
		o(&s.opts)
	}
	s.Restart()
	s.opts.Port = s.srv.Addr().(*net.TCPAddr).Port
	t.Cleanup(s.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := events.Setup(ctx, s.JetStream(s.Connect()), events.StreamOptions{}); err != nil {
		t.Fatalf("set up streams: %v", err)
	}
	return s
}

// Restart starts the server again (after Stop) on the same port and store.
func (s *Server) Restart() {
	s.t.Helper()
	opts := s.opts
	srv, err := server.NewServer(&opts)
	if err != nil {
		s.t.Fatalf("nats server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		s.t.Fatal("nats server not ready")
	}
	s.srv = srv
}

// Stop shuts the server down.
func (s *Server) Stop() {
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
	}
}

// URL is where clients connect.
func (s *Server) URL() string { return s.srv.ClientURL() }

// Connect opens a connection that keeps trying to reconnect, closed when the
// test ends.
func (s *Server) Connect() *nats.Conn {
	s.t.Helper()
	nc, err := nats.Connect(s.URL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond),
		nats.RetryOnFailedConnect(true))
	if err != nil {
		s.t.Fatalf("connect: %v", err)
	}
	s.t.Cleanup(nc.Close)
	return nc
}

// JetStream is the JetStream API over nc.
func (s *Server) JetStream(nc *nats.Conn) jetstream.JetStream {
	js, err := jetstream.New(nc)
	if err != nil {
		s.t.Fatal(err)
	}
	return js
}
