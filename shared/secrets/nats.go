package secrets

// Names of the optional secrets of NATS (package natsconn). A deployment
// mounts those its NATS asks for: at most one way to authenticate (the
// credentials file, the NKey seed, or the user and password pair), and
// the CA when the servers' certificates are not signed by the system's
// roots. A missing file means none.
const (
	// NATSCreds is a credentials file (a user JWT and its NKey seed, as
	// `nsc generate creds` writes it): decentralised JWT authentication.
	NATSCreds = "nats-creds"
	// NATSNKey is a user NKey seed (SU...): the server knows the user by
	// its public key.
	NATSNKey = "nats-nkey"
	// NATSUser and NATSPassword are a user and its password, given
	// together.
	NATSUser     = "nats-user"
	NATSPassword = "nats-password"
	// NATSCA holds the PEM certificates that sign the NATS servers'
	// (their TLS roots): with it the client speaks TLS and verifies them.
	NATSCA = "nats-ca.crt"
)
