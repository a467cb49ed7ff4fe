// Package app is the composition root: the one place that reads the
// environment (Config, from the table of variables in variables.go) and
// builds the parts every function works on (Deps: the store, the order
// repository, NATS, Redis, the reservations, the authenticator, the
// catalog, payment provider and push gateway clients, the refund service).
//
// Each function has one constructor, Build(*app.Deps), in its own package.
// Deployed, the function's OpenFaaS entry is a few lines:
//
//	var entry = app.Entry(Name, Build)
//
//	// Handle is the OpenFaaS entry point.
//	func Handle(req handler.Request) (handler.Response, error) { return entry.Handle(req) }
//
// and Entry builds Deps from the process's environment on the first call
// (again on a later call while that fails), answering 503 meanwhile. The
// local runner calls the same Build functions over Deps that carry its
// embedded parts (WithStore, WithNATS, WithRedis), so the runner and a
// deployment wire every function the same way.
//
// Deps builds each part on first use and keeps it; a part whose build
// fails is built again on the next use. Nothing connects at build time
// except NATS, which is joined in the background and retried while down,
// and Redis, pinged once so that credentials it refuses fail the build
// (an unreachable Redis does not). Deps builds Redis for a deployment
// (functions, ocadmin) and so refuses a password in REDIS_URL (it is the
// secret redis-password); the local runner gives its own client.
package app
