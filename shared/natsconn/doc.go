// Package natsconn opens the order center's connections to NATS: one
// constructor, Connect, for every function (through package app), the
// connector, ocadmin and the local runner, so that each reaches the same
// servers the same way.
//
// The servers are NATS_URL: one or several, comma-separated, as nats.go
// takes them (nats://, tls://, ws://, wss://; host:port alone is
// nats://). The client proves itself with at most one of the optional
// secret files of package secrets: a credentials file (nats-creds), an
// NKey seed (nats-nkey), or a user and password (nats-user with
// nats-password); never with credentials in the URL. It speaks TLS when a
// URL says tls:// or wss://, or the secret nats-ca.crt is present, and
// then verifies the servers' certificates against nats-ca.crt (else the
// system's roots).
//
// The connection suits functions that start cold and servers that come
// and go: a short dial, reconnection forever with jitter across the
// servers, and a server unreachable at start joined in the background
// (publishers see ErrUnavailable meanwhile, package events). What no
// retry can mend fails Connect at once, naming its cause and wrapping
// ErrRefused: credentials the server refuses, a certificate not trusted,
// TLS on one side only. A malformed URL or secret fails it too, before
// any dial.
package natsconn
