package natsconn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
	"github.com/ordercenter/ordercenter/shared/tlstest"
)

// tlsWorld is a nats-server that requires TLS (certificate for 127.0.0.1
// signed by ca) and knows one NKey user and one user with a password.
type tlsWorld struct {
	srv      *server.Server
	ca       *tlstest.CA
	seed     []byte
	user, pw string
}

func newTLSWorld(t *testing.T) tlsWorld {
	t.Helper()
	w := tlsWorld{ca: tlstest.NewCA(t, "ordercenter test CA"), user: "oc", pw: "s3cret-pw"}
	var public string
	w.seed, public = newUserKey(t)
	w.srv = startServer(t, func(o *server.Options) {
		withTLS(serverCert(t, w.ca))(o)
		o.Nkeys = []*server.NkeyUser{{Nkey: public}}
		o.Users = []*server.User{{Username: w.user, Password: w.pw}}
	})
	return w
}

// The client proves itself with the NKey seed of the secret nats-nkey and
// verifies the server against nats-ca.crt, through the one constructor;
// user and password work the same way.
func TestTLSWithNKeyAndPassword(t *testing.T) {
	w := newTLSWorld(t)
	for name, files := range map[string]map[string][]byte{
		"nkey":     {secrets.NATSNKey: w.seed, secrets.NATSCA: w.ca.PEM},
		"password": {secrets.NATSUser: []byte(w.user), secrets.NATSPassword: []byte(w.pw), secrets.NATSCA: w.ca.PEM},
	} {
		t.Run(name, func(t *testing.T) {
			// nats:// with the CA present: TLS all the same
			url := strings.Replace(tlsURL(w.srv), "tls://", "nats://", 1)
			nc, err := connect(t, natsconn.Config{URL: url, Name: "test", SecretsDir: secretstest.Dir(t, files)})
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, nc)
			state, err := nc.TLSConnectionState()
			if err != nil || len(state.VerifiedChains) == 0 {
				t.Errorf("connection not verified TLS: %v, chains %d", err, len(state.VerifiedChains))
			}
		})
	}
}

// What no retry mends fails at start with ErrRefused and a message that
// names its cause; none of them hangs.
func TestRefusalsFailAtStart(t *testing.T) {
	w := newTLSWorld(t)
	otherSeed, _ := newUserKey(t)
	otherCA := tlstest.NewCA(t, "some other CA")
	plain := startServer(t, func(o *server.Options) { o.Username, o.Password = "oc", "pw" })
	localhost := strings.Replace(tlsURL(w.srv), "127.0.0.1", "localhost", 1)
	for _, c := range []struct {
		name, url string
		files     map[string][]byte
		want      string
	}{
		{"wrong nkey seed", tlsURL(w.srv), map[string][]byte{secrets.NATSNKey: otherSeed, secrets.NATSCA: w.ca.PEM},
			"refused the credentials (secret nats-nkey)"},
		{"wrong password", tlsURL(w.srv), map[string][]byte{secrets.NATSUser: []byte(w.user), secrets.NATSPassword: []byte("nope"), secrets.NATSCA: w.ca.PEM},
			"refused the credentials (secrets nats-user and nats-password)"},
		{"no credentials", tlsURL(w.srv), map[string][]byte{secrets.NATSCA: w.ca.PEM}, "refused the credentials (no credentials"},
		{"wrong CA", tlsURL(w.srv), map[string][]byte{secrets.NATSNKey: w.seed, secrets.NATSCA: otherCA.PEM},
			"not signed by a trusted CA (secret nats-ca.crt"},
		{"no CA: the system's roots", tlsURL(w.srv), map[string][]byte{secrets.NATSNKey: w.seed}, "not signed by a trusted CA"},
		{"plain URL, server wants TLS", strings.Replace(tlsURL(w.srv), "tls://", "nats://", 1), map[string][]byte{secrets.NATSNKey: w.seed},
			"not signed by a trusted CA"},
		{"certificate for another address", localhost, map[string][]byte{secrets.NATSNKey: w.seed, secrets.NATSCA: w.ca.PEM},
			"not for the address dialled"},
		{"CA for a server without TLS", plain.ClientURL(), map[string][]byte{secrets.NATSUser: []byte("oc"), secrets.NATSPassword: []byte("pw"), secrets.NATSCA: w.ca.PEM},
			"the server offers none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			nc, err := connect(t, natsconn.Config{URL: c.url, Name: "test", SecretsDir: secretstest.Dir(t, c.files)})
			if !errors.Is(err, natsconn.ErrRefused) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Connect: %v (connection %v); want ErrRefused saying %q", err, nc != nil, c.want)
			}
		})
	}
}
