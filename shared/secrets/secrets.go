// Package secrets reads the order center's secrets from files.
//
// Secrets are files, never environment variables (contract section 2): one
// file per secret, named after it, in /var/openfaas/secrets on OpenFaaS or
// in the directory that SECRETS_DIR names (the local runner and tests). Read
// reads one secret; a secret that may hold several keys while one is
// rotated (jwt-secret, payment-webhook-secret, event-signing-secret) holds
// one key a line, which
// ParseLines, Lines and Current read by one rule, and which a Reloader reads
// again as the file changes. EnsureDev writes fresh development secrets for
// the local runner. The Redis and NATS credentials (Optional) are secrets
// a deployment adds when its Redis or NATS asks for them; packages
// redisclient and natsconn read them.
package secrets

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Names of the secrets the order center reads (contract section 2).
const (
	// JWTSecret holds the HS256 keys of bearer tokens, one a line (see
	// Lines): tokens are signed with the first and verified with any.
	JWTSecret = "jwt-secret"
	// PaymentWebhookSecret holds the keys that sign the payment provider's
	// webhooks, one a line, so that a key can be rotated (see Lines).
	PaymentWebhookSecret = "payment-webhook-secret"
	// PaymentAPIKey is the key the order center presents to the payment
	// provider.
	PaymentAPIKey = "payment-api-key"
	// EventSigningSecret holds the keys that sign the order center's own
	// calls to its internal functions (events, schedules; package origin),
	// one a line: the first signs, any verifies.
	EventSigningSecret = "event-signing-secret"
)

// Names of the optional secrets: the credentials of Redis (package
// redisclient). A deployment mounts those its Redis needs; a missing file
// means none.
const (
	// RedisUsername is the Redis ACL user; missing: the default user.
	RedisUsername = "redis-username"
	// RedisPassword is the password of the Redis user; missing: none.
	RedisPassword = "redis-password"
	// RedisCA holds the PEM certificates that sign the Redis servers'
	// (their TLS roots): with it a cluster or Sentinel client speaks TLS.
	RedisCA = "redis-ca.crt"
	// RedisSentinelPassword is the Sentinels' own password (their
	// requirepass), when they have one.
	RedisSentinelPassword = "redis-sentinel-password"
)

// DefaultDir is where OpenFaaS mounts a function's secrets.
const DefaultDir = "/var/openfaas/secrets"

var (
	// ErrMissing means the secret's file does not exist.
	ErrMissing = errors.New("secret missing")
	// ErrEmpty means the secret's file exists but holds nothing.
	ErrEmpty = errors.New("secret empty")
	// ErrInvalidName means the name is not a plain file name (it is empty,
	// "." or "..", or holds a path separator or a NUL byte).
	ErrInvalidName = errors.New("invalid secret name")
)

// Names returns the names of every secret the order center needs, in a
// fixed order (EnsureDev writes them for the runner). The slice is the
// caller's.
func Names() []string {
	return []string{JWTSecret, PaymentWebhookSecret, PaymentAPIKey, EventSigningSecret}
}

// Optional returns the names of the secrets a deployment may add, in a
// fixed order: Redis's, then NATS's (nats.go). EnsureDev writes none of
// them. The slice is the caller's.
func Optional() []string {
	return []string{RedisUsername, RedisPassword, RedisCA, RedisSentinelPassword,
		NATSCreds, NATSNKey, NATSUser, NATSPassword, NATSCA}
}

// Read returns the secret name from dir, without its trailing line breaks.
// It fails with ErrInvalidName when name is not a plain file name, with
// ErrMissing when the file does not exist and with ErrEmpty when it holds
// nothing but line breaks.
func Read(dir, name string) ([]byte, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read secret %s in %s: %w", name, dir, ErrMissing)
	}
	if err != nil {
		return nil, fmt.Errorf("read secret %s: %w", name, err)
	}
	b = bytes.TrimRight(b, "\r\n")
	if len(b) == 0 {
		return nil, fmt.Errorf("read secret %s in %s: %w", name, dir, ErrEmpty)
	}
	return b, nil
}

// checkName refuses names that are not plain file names, so that a secret
// can never be read from outside the secrets directory.
func checkName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return fmt.Errorf("%w: %q", ErrInvalidName, name)
	case strings.ContainsAny(name, `/\`+"\x00"), strings.ContainsRune(name, os.PathSeparator):
		return fmt.Errorf("%w: %q", ErrInvalidName, name)
	}
	return nil
}
