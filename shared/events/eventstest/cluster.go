package eventstest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ordercenter/ordercenter/shared/events"
)

// Cluster is a JetStream cluster of embedded servers on loopback ports,
// each with its own name and store; a node can be stopped and started
// again on the same ports and store.
type Cluster struct {
	t     testing.TB
	Nodes []*Server
}

// clusterReady bounds the wait for the cluster to elect its JetStream
// leader and to take the streams (generous, for a slow machine).
const clusterReady = 60 * time.Second

// StartCluster starts n servers routed to each other, JetStream on each,
// and sets up the order center's streams with n replicas; they are shut
// down when the test ends.
func StartCluster(t testing.TB, n int, opts ...Option) *Cluster {
	t.Helper()
	c := &Cluster{t: t}
	// A clustered JetStream server needs its routes at start: the route
	// ports are chosen first.
	for _, port := range freePorts(t, n) {
		c.Nodes = append(c.Nodes, &Server{t: t, opts: server.Options{ServerName: fmt.Sprintf("n%d", len(c.Nodes)+1),
			Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "ordercenter-test", Host: "127.0.0.1", Port: port}}})
	}
	for i, s := range c.Nodes {
		for _, o := range opts {
			o(&s.opts)
		}
		s.opts.Routes = c.routesBut(i)
		s.Restart()
		s.opts.Port = s.srv.Addr().(*net.TCPAddr).Port // kept for a restart
		t.Cleanup(s.Stop)
	}
	c.setup(c.Nodes[0].JetStream(c.Nodes[0].Connect()))
	return c
}

// setup sets up the streams, trying again until the cluster has elected
// its JetStream leader.
func (c *Cluster) setup(js jetstream.JetStream) {
	c.t.Helper()
	var err error
	for deadline := time.Now().Add(clusterReady); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = events.Setup(ctx, js, events.StreamOptions{Replicas: len(c.Nodes)})
		cancel()
		if err == nil {
			return
		}
	}
	c.t.Fatalf("set up the streams on a cluster of %d: %v", len(c.Nodes), err)
}

// URL lists every node's client URL, comma-separated, as NATS_URL does.
func (c *Cluster) URL() string {
	urls := make([]string, len(c.Nodes))
	for i, s := range c.Nodes {
		urls[i] = fmt.Sprintf("nats://127.0.0.1:%d", s.opts.Port)
	}
	return strings.Join(urls, ",")
}

// Node is the node with the server name, or nil.
func (c *Cluster) Node(name string) *Server {
	for _, s := range c.Nodes {
		if s.opts.ServerName == name {
			return s
		}
	}
	return nil
}

// Name is the node's server name.
func (s *Server) Name() string { return s.opts.ServerName }

// StreamState is the state of the stream as this node's own replica
// holds it (its /jsz), and false when the node holds no replica of it.
func (s *Server) StreamState(stream string) (server.StreamState, bool) {
	s.t.Helper()
	info, err := s.srv.Jsz(&server.JSzOptions{Accounts: true, Streams: true})
	if err != nil {
		s.t.Fatalf("jsz of %s: %v", s.Name(), err)
	}
	for _, acc := range info.AccountDetails {
		for _, st := range acc.Streams {
			if st.Name == stream {
				return st.State, true
			}
		}
	}
	return server.StreamState{}, false
}

// routesBut are the routes to every node but i.
func (c *Cluster) routesBut(i int) []*url.URL {
	var routes []string
	for j, s := range c.Nodes {
		if j != i {
			routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", s.opts.Cluster.Port))
		}
	}
	return server.RoutesFromStr(strings.Join(routes, ","))
}

// freePorts are n loopback ports that were free a moment ago.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}
