package natsconn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/ordercenter/ordercenter/shared/natsconn"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// operator is a NATS operator with one account, as nsc makes them: the
// server trusts the operator and resolves the account from memory.
type operator struct {
	claims  *jwt.OperatorClaims
	account nkeys.KeyPair
	// accountJWT is the account's claims signed by the operator.
	accountJWT string
}

func newOperator(t *testing.T) operator {
	t.Helper()
	okp := must(nkeys.CreateOperator())
	akp := must(nkeys.CreateAccount())
	oc := jwt.NewOperatorClaims(must(okp.PublicKey()))
	if _, err := oc.Encode(okp); err != nil {
		t.Fatal(err)
	}
	ajwt, err := jwt.NewAccountClaims(must(akp.PublicKey())).Encode(okp)
	if err != nil {
		t.Fatal(err)
	}
	return operator{claims: oc, account: akp, accountJWT: ajwt}
}

// creds is a credentials file of a fresh user of the account, signed by
// signer (the account's key, or another to forge one).
func (o operator) creds(t *testing.T, signer nkeys.KeyPair) []byte {
	t.Helper()
	ukp := must(nkeys.CreateUser())
	uc := jwt.NewUserClaims(must(ukp.PublicKey()))
	token, err := uc.Encode(signer)
	if err != nil {
		t.Fatal(err)
	}
	file, err := jwt.FormatUserConfig(token, must(ukp.Seed()))
	if err != nil {
		t.Fatal(err)
	}
	return file
}

func (o operator) start(t *testing.T) *server.Server {
	t.Helper()
	resolver := &server.MemAccResolver{}
	if err := resolver.Store(must(o.account.PublicKey()), o.accountJWT); err != nil {
		t.Fatal(err)
	}
	return startServer(t, func(opts *server.Options) {
		opts.TrustedOperators = []*jwt.OperatorClaims{o.claims}
		opts.AccountResolver = resolver
	})
}

// A credentials file (decentralised JWT authentication) proves the
// client; one signed by another account is refused at start.
func TestCredsFile(t *testing.T) {
	op := newOperator(t)
	srv := op.start(t)
	nc, err := connect(t, natsconn.Config{URL: srv.ClientURL(), Name: "test",
		SecretsDir: secretstest.Dir(t, map[string][]byte{secrets.NATSCreds: op.creds(t, op.account)})})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, nc)
	forged := op.creds(t, must(nkeys.CreateAccount()))
	_, err = connect(t, natsconn.Config{URL: srv.ClientURL(), Name: "test",
		SecretsDir: secretstest.Dir(t, map[string][]byte{secrets.NATSCreds: forged})})
	if !errors.Is(err, natsconn.ErrRefused) || !strings.Contains(err.Error(), "(secret nats-creds)") {
		t.Errorf("forged creds: %v; want ErrRefused naming nats-creds", err)
	}
}

// must is v, for calls that fail only when the machine is broken (key
// generation, encoding a key it made).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
