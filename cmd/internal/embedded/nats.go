// Package embedded starts the servers the local runner brings along when no
// external one is configured: NATS with JetStream, and Redis, either a
// redis-server child process or an in-process Redis-protocol server kept
// in a snapshot file.
package embedded

import (
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATS is an embedded NATS server with JetStream.
type NATS struct {
	srv *server.Server
}

// StartNATS starts NATS with JetStream storing under dir, listening on a
// free loopback port, and waits until it takes connections.
func StartNATS(dir string) (*NATS, error) {
	srv, err := server.NewServer(&server.Options{
		ServerName: "ordercenter-local",
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		NoLog:      true,
	})
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats: not ready after 10s")
	}
	return &NATS{srv: srv}, nil
}

// URL is where clients connect.
func (n *NATS) URL() string { return n.srv.ClientURL() }

// Close stops the server after its clients are told.
func (n *NATS) Close() {
	n.srv.Shutdown()
	n.srv.WaitForShutdown()
}
