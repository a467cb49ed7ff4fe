package redisclient_test

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// The secret files of a TLS server's user, with the given password and CA.
func tlsSecrets(t *testing.T, s *redistest.TLSServer, password, ca string) string {
	return secretstest.Dir(t, map[string]string{"redis-username": s.User + "\n", "redis-password": password + "\n", "redis-ca.crt": ca})
}

func TestTLSWithAnACLUser(t *testing.T) {
	s := redistest.TLS(t)
	url := redisclient.Config{URL: "rediss://" + s.Addr}
	t.Run("right credentials", func(t *testing.T) {
		assertWorks(t, open(t, url, tlsSecrets(t, s, s.Password, string(s.CA.PEM))))
	})
	t.Run("wrong password", func(t *testing.T) {
		assertRefused(t, open(t, url, tlsSecrets(t, s, "wrong", string(s.CA.PEM))), "redis-password")
	})
	t.Run("no credentials", func(t *testing.T) {
		assertRefused(t, open(t, url, secretstest.Dir(t, map[string]string{"redis-ca.crt": string(s.CA.PEM)})), "redis-password")
	})
	t.Run("wrong CA", func(t *testing.T) {
		assertRefused(t, open(t, url, tlsSecrets(t, s, s.Password, caPEM(t))), "redis-ca.crt")
	})
	t.Run("no CA: the system's roots", func(t *testing.T) {
		dir := secretstest.Dir(t, map[string]string{"redis-username": s.User, "redis-password": s.Password})
		assertRefused(t, open(t, url, dir), "redis-ca.crt")
	})
	t.Run("a user who may not", func(t *testing.T) {
		admin := open(t, url, tlsSecrets(t, s, s.Password, string(s.CA.PEM)))
		if err := admin.Do(context.Background(), "ACL", "SETUSER", "reader", "on", ">pw", "~*", "+get").Err(); err != nil {
			t.Fatal(err)
		}
		dir := secretstest.Dir(t, map[string]string{"redis-username": "reader", "redis-password": "pw", "redis-ca.crt": string(s.CA.PEM)})
		assertRefused(t, open(t, url, dir), "ACL")
	})
}

// Plain text at a TLS port fails as an unreachable Redis would: the
// server hangs up, saying nothing a client could tell apart.
func TestPlainTextAtATLSPortIsNoRefusal(t *testing.T) {
	s := redistest.TLS(t)
	c := open(t, redisclient.Config{URL: "redis://" + s.Addr}, secretstest.Dir(t, map[string]string{"redis-username": s.User, "redis-password": s.Password}))
	assertUnreachable(t, c)
}
