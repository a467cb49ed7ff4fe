package natsconn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// A malformed URL or secret, or two ways to authenticate, fail before
// any dial, saying which.
func TestConfigErrors(t *testing.T) {
	seed, _ := newUserKey(t)
	const url = "nats://127.0.0.1:1"
	for _, c := range []struct {
		name, url string
		files     map[string][]byte
		want      string
	}{
		{"no server", " , ", nil, "NATS_URL: no server"},
		{"password in the URL", "nats://oc:pw@127.0.0.1:4222", nil, "holds credentials: put them in the secrets nats-user and nats-password"},
		{"token in the URL", "127.0.0.1:4222,nats://tok@127.0.0.1:4223", nil, "holds credentials"},
		{"unknown scheme", "http://127.0.0.1:4222", nil, "the scheme must be nats, tls, ws or wss"},
		{"two ways", url, map[string][]byte{secrets.NATSNKey: seed, secrets.NATSUser: []byte("u"), secrets.NATSPassword: []byte("p")},
			"secrets nats-nkey, nats-user: more than one way to authenticate to NATS, give one"},
		{"three ways", url, map[string][]byte{secrets.NATSCreds: []byte("x"), secrets.NATSNKey: seed, secrets.NATSUser: []byte("u"), secrets.NATSPassword: []byte("p")},
			"secrets nats-creds, nats-nkey, nats-user: more than one way"},
		{"user without password", url, map[string][]byte{secrets.NATSUser: []byte("u")}, "nats-user and nats-password: give both or neither"},
		{"not a seed", url, map[string][]byte{secrets.NATSNKey: []byte("SUNOTASEED")}, "secret nats-nkey: not an NKey seed"},
		{"an account's seed", url, map[string][]byte{secrets.NATSNKey: accountSeed(t)}, "secret nats-nkey: not a user's seed"},
		{"creds without a JWT", url, map[string][]byte{secrets.NATSCreds: []byte("hello")}, "secret nats-creds: no user JWT in it"},
		{"CA without a certificate", url, map[string][]byte{secrets.NATSCA: []byte("not pem")}, "secret nats-ca.crt: no PEM certificate"},
		{"empty secret", url, map[string][]byte{secrets.NATSPassword: nil}, "nats-password"},
	} {
		t.Run(c.name, func(t *testing.T) {
			nc, err := connect(t, natsconn.Config{URL: c.url, Name: "test", SecretsDir: secretstest.Dir(t, c.files)})
			if err == nil || errors.Is(err, natsconn.ErrRefused) || !strings.Contains(err.Error(), c.want) || nc != nil {
				t.Errorf("Connect: %v; want a configuration error saying %q", err, c.want)
			}
		})
	}
}

// The password of a refused URL is never in the error.
func TestURLPasswordNotShown(t *testing.T) {
	_, err := connect(t, natsconn.Config{URL: "nats://oc:hunter2@127.0.0.1:4222", Name: "test"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Connect: %v; want an error without the password", err)
	}
}
