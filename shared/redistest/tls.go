package redistest

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/tlstest"
)

// TLSServer is a redis-server of the test's own that speaks TLS only
// (--port 0, --tls-port), with a certificate for 127.0.0.1 signed by a
// CA made for the test, no client certificates asked, and one ACL user
// who may do everything (the default user is off).
type TLSServer struct {
	*Process
	// CA signed the server's certificate.
	CA *tlstest.CA
	// User and Password are the ACL user's.
	User, Password string
}

// TLS starts a TLSServer; the test is skipped when there is no
// redis-server.
func TLS(t testing.TB) *TLSServer {
	t.Helper()
	return startTLS(t)
}

// TLSCluster starts a TLSServer that is a cluster of one node holding
// every slot, speaking TLS on its cluster bus too.
func TLSCluster(t testing.TB) *TLSServer {
	t.Helper()
	s := startTLS(t, "--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(t.TempDir(), "nodes.conf"),
		"--cluster-port", strconv.Itoa(mustFreePort(t)), "--cluster-announce-ip", "127.0.0.1", "--tls-cluster", "yes")
	c := redis.NewClient(s.Options())
	defer c.Close()
	ctx := context.Background()
	if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", "0", "16383").Err(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		info, err := c.ClusterInfo(ctx).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster not ok: %s %v", info, err)
		}
	}
}

// startTLS starts the server with the extra args.
func startTLS(t testing.TB, args ...string) *TLSServer {
	t.Helper()
	port := mustFreePort(t)
	ca := tlstest.NewCA(t, "redistest CA")
	files := ca.Server(t, t.TempDir(), "127.0.0.1")
	s := &TLSServer{CA: ca, User: "ordercenter", Password: randomHex(t)}
	s.Process = spawn(t, port, append([]string{"--bind", "127.0.0.1", "--port", "0", "--tls-port", strconv.Itoa(port),
		"--tls-cert-file", files.Cert, "--tls-key-file", files.Key, "--tls-ca-cert-file", files.CA,
		"--tls-auth-clients", "no", "--dir", t.TempDir(), "--save", "", "--appendonly", "no",
		"--user", "default", "off", "--user", s.User, "on", ">" + s.Password, "~*", "&*", "+@all"}, args...)...)
	c := redis.NewClient(s.Options())
	defer c.Close()
	if err := ping(c); err != nil {
		t.Fatal(err)
	}
	return s
}

// Options are those of a client of the server as its user, trusting its
// CA.
func (s *TLSServer) Options() *redis.Options {
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(s.CA.PEM)
	return &redis.Options{Addr: s.Addr, Username: s.User, Password: s.Password,
		TLSConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
}

func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
