package natsconn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// credentials are what the optional secret files say: how the client
// proves itself, and the TLS roots.
type credentials struct {
	// auth proves the client; nil: anonymous.
	auth nats.Option
	// via names the secrets auth comes from, for messages ("" when
	// anonymous).
	via string
	// roots are nats-ca.crt's certificates; nil without the file.
	roots *x509.CertPool
}

// readCredentials reads the optional secret files of dir: at most one way
// to authenticate, and the CA. A missing file is no credential; an empty,
// unreadable or malformed one is an error naming it. An empty dir reads
// nothing.
func readCredentials(dir string) (credentials, error) {
	var c credentials
	if dir == "" {
		return c, nil
	}
	files := map[string][]byte{}
	var errs []error
	for _, name := range []string{secrets.NATSCreds, secrets.NATSNKey, secrets.NATSUser, secrets.NATSPassword, secrets.NATSCA} {
		b, err := optional(dir, name)
		if b != nil {
			files[name] = b
		}
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	if err := c.readAuth(files); err != nil {
		return c, err
	}
	return c, c.readRoots(files[secrets.NATSCA])
}

// readAuth takes the one way to authenticate that files hold.
func (c *credentials) readAuth(files map[string][]byte) error {
	user, password := files[secrets.NATSUser], files[secrets.NATSPassword]
	if (user == nil) != (password == nil) {
		return fmt.Errorf("secrets %s and %s: give both or neither", secrets.NATSUser, secrets.NATSPassword)
	}
	var ways []string
	for _, name := range []string{secrets.NATSCreds, secrets.NATSNKey, secrets.NATSUser} {
		if files[name] != nil {
			ways = append(ways, name)
		}
	}
	if len(ways) > 1 {
		return fmt.Errorf("secrets %s: more than one way to authenticate to NATS, give one", strings.Join(ways, ", "))
	}
	var err error
	switch {
	case files[secrets.NATSCreds] != nil:
		c.auth, err = credsAuth(files[secrets.NATSCreds])
		c.via = "secret " + secrets.NATSCreds
	case files[secrets.NATSNKey] != nil:
		c.auth, err = nkeyAuth(files[secrets.NATSNKey])
		c.via = "secret " + secrets.NATSNKey
	case user != nil:
		c.auth = nats.UserInfo(string(user), string(password))
		c.via = "secrets " + secrets.NATSUser + " and " + secrets.NATSPassword
	}
	return err
}

// credsAuth proves the client with the user JWT and seed of a
// credentials file.
func credsAuth(file []byte) (nats.Option, error) {
	token, err := nkeys.ParseDecoratedJWT(file)
	if err == nil {
		_, err = jwt.DecodeUserClaims(token)
	}
	if err != nil {
		return nil, fmt.Errorf("secret %s: no user JWT in it: %w", secrets.NATSCreds, err)
	}
	kp, err := nkeys.ParseDecoratedUserNKey(file)
	if err != nil {
		return nil, fmt.Errorf("secret %s: no user NKey seed in it: %w", secrets.NATSCreds, err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", secrets.NATSCreds, err)
	}
	return nats.UserJWTAndSeed(token, string(seed)), nil
}

// nkeyAuth proves the client by signing the server's nonce with a user
// NKey seed.
func nkeyAuth(seed []byte) (nats.Option, error) {
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		return nil, fmt.Errorf("secret %s: not an NKey seed: %w", secrets.NATSNKey, err)
	}
	public, err := kp.PublicKey()
	if err != nil || !nkeys.IsValidPublicUserKey(public) {
		return nil, fmt.Errorf("secret %s: not a user's seed (SU...)", secrets.NATSNKey)
	}
	return nats.Nkey(public, kp.Sign), nil
}

// readRoots reads the CA's PEM certificates, when there are any.
func (c *credentials) readRoots(pem []byte) error {
	if pem == nil {
		return nil
	}
	c.roots = x509.NewCertPool()
	if !c.roots.AppendCertsFromPEM(pem) {
		return fmt.Errorf("secret %s: no PEM certificate in it", secrets.NATSCA)
	}
	return nil
}

// tls is the client's TLS: nil when neither the URLs nor nats-ca.crt ask
// for it (nats.go still upgrades when a server requires TLS, verifying
// with the system's roots); else TLS 1.2 or later, verifying the servers
// against nats-ca.crt or the system's roots.
func (c credentials) tls(wanted bool) *tls.Config {
	if !wanted && c.roots == nil {
		return nil
	}
	return &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12}
}

// optional is the secret name of dir, or nil when there is no such file.
func optional(dir, name string) ([]byte, error) {
	b, err := secrets.Read(dir, name)
	if errors.Is(err, secrets.ErrMissing) {
		return nil, nil
	}
	return b, err
}
