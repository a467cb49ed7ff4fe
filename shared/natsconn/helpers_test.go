package natsconn_test

import (
	"crypto/tls"
	"log/slog"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/tlstest"
)

// returnWithin bounds Connect in every test: a wrong credential must fail
// at start, never hang. Generous, for a slow machine.
const returnWithin = 30 * time.Second

// startServer starts an embedded nats-server on a loopback port with the
// options set, shut down when the test ends.
func startServer(t *testing.T, set func(*server.Options)) *server.Server {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoLog: true, NoSigs: true}
	if set != nil {
		set(opts)
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("nats server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	return srv
}

// withTLS makes the server require TLS with the certificate.
func withTLS(cert tls.Certificate) func(*server.Options) {
	return func(o *server.Options) {
		o.TLS, o.TLSTimeout = true, 10
		o.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
}

// serverCert is a certificate for 127.0.0.1 signed by ca.
func serverCert(t *testing.T, ca *tlstest.CA) tls.Certificate {
	t.Helper()
	f := ca.Server(t, t.TempDir(), "127.0.0.1")
	cert, err := tls.LoadX509KeyPair(f.Cert, f.Key)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// tlsURL is the server's address as a tls:// URL.
func tlsURL(srv *server.Server) string {
	return "tls://127.0.0.1:" + strconv.Itoa(srv.Addr().(*net.TCPAddr).Port)
}

// newUserKey is a fresh user NKey: its seed and public key.
func newUserKey(t *testing.T) (seed []byte, public string) {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, err = kp.Seed()
	if err == nil {
		public, err = kp.PublicKey()
	}
	if err != nil {
		t.Fatal(err)
	}
	return seed, public
}

// connect calls Connect and fails the test when it does not return within
// returnWithin; the connection is closed when the test ends.
func connect(t *testing.T, cfg natsconn.Config) (*nats.Conn, error) {
	t.Helper()
	type result struct {
		nc  *nats.Conn
		err error
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	done := make(chan result, 1)
	go func() {
		nc, err := natsconn.Connect(cfg)
		done <- result{nc, err}
	}()
	select {
	case r := <-done:
		if r.nc != nil {
			t.Cleanup(r.nc.Close)
		}
		return r.nc, r.err
	case <-time.After(returnWithin):
		t.Fatalf("Connect(%s) did not return within %s", cfg.URL, returnWithin)
		return nil, nil
	}
}

// roundTrip checks that the connection reaches the server.
func roundTrip(t *testing.T, nc *nats.Conn) {
	t.Helper()
	if err := nc.FlushTimeout(10 * time.Second); err != nil {
		t.Fatalf("round trip over %s: %v", nc.ConnectedUrlRedacted(), err)
	}
}

// accountSeed is the seed of a fresh account NKey (not a user's).
func accountSeed(t *testing.T) []byte {
	t.Helper()
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := kp.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

func itoa(n int) string { return strconv.Itoa(n) }
