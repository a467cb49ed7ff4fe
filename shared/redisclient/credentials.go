package redisclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// credentials are what the optional secret files hold.
type credentials struct {
	username, password, sentinelPassword string
	// roots are redis-ca.crt's certificates; nil without the file.
	roots *x509.CertPool
}

// readCredentials reads the optional secret files of dir; a missing file
// is no credential, an empty or unreadable one an error. An empty dir
// reads nothing.
func readCredentials(dir string) (credentials, error) {
	var c credentials
	if dir == "" {
		return c, nil
	}
	var errs []error
	for _, f := range []struct {
		name  string
		field *string
	}{{secrets.RedisUsername, &c.username}, {secrets.RedisPassword, &c.password}, {secrets.RedisSentinelPassword, &c.sentinelPassword}} {
		v, err := optional(dir, f.name)
		*f.field = string(v)
		errs = append(errs, err)
	}
	pem, err := optional(dir, secrets.RedisCA)
	errs = append(errs, err)
	if pem != nil {
		c.roots = x509.NewCertPool()
		if !c.roots.AppendCertsFromPEM(pem) {
			errs = append(errs, fmt.Errorf("secret %s: no PEM certificate in it", secrets.RedisCA))
		}
	}
	return c, errors.Join(errs...)
}

// optional is the secret name of dir, or nil when there is no such file.
func optional(dir, name string) ([]byte, error) {
	b, err := secrets.Read(dir, name)
	if errors.Is(err, secrets.ErrMissing) {
		return nil, nil
	}
	return b, err
}

// tls is the TLS configuration of a cluster or Sentinel client: nil
// without redis-ca.crt, else TLS 1.2 or later with the file's roots (the
// server name is each address dialled).
func (c credentials) tls() *tls.Config {
	if c.roots == nil {
		return nil
	}
	return &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12}
}
