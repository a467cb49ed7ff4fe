package natsconn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// refusal is the cause of a refusal in words an operator can act on, or
// "" when err is none (an unreachable server, a timeout). via names the
// secrets the client proved itself with.
func refusal(err error, via string) string {
	if err == nil {
		return ""
	}
	if via == "" {
		via = "no credentials: none of the secrets " + secrets.NATSCreds + ", " + secrets.NATSNKey + ", " +
			secrets.NATSUser + " and " + secrets.NATSPassword + " is present"
	}
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var header tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.Is(err, nats.ErrAuthorization):
		return "the server refused the credentials (" + via + ")"
	case errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAccountAuthExpired):
		return "the credentials have expired (" + via + ")"
	case errors.Is(err, nats.ErrAuthRevoked):
		return "the credentials were revoked (" + via + ")"
	case errors.As(err, &hostname):
		return "the server's certificate is not for the address dialled (NATS_URL)"
	case errors.As(err, &unknownCA):
		return "the server's certificate is not signed by a trusted CA (secret " + secrets.NATSCA + ", else the system's roots)"
	case errors.As(err, &invalid):
		return "the server's certificate is not valid (expired, or not for servers)"
	case errors.As(err, &verify):
		return "the server's certificate could not be verified"
	case errors.Is(err, nats.ErrSecureConnWanted):
		return "the client wants TLS (tls:// or secret " + secrets.NATSCA + ") but the server offers none"
	case errors.As(err, &header):
		return "the server does not speak TLS there"
	case errors.As(err, &alert):
		return "the server refused the TLS handshake (" + alert.Error() + "; client certificates are not supported)"
	}
	return ""
}

// explain is the error of a failed start: ErrRefused with its cause, or
// what nats.go said.
func explain(where, via string, err error) error {
	if cause := refusal(err, via); cause != "" {
		return fmt.Errorf("%w: %s: %s (%v)", ErrRefused, where, cause, err)
	}
	return fmt.Errorf("nats %s: %w", where, err)
}
