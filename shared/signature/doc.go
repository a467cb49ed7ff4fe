// Package signature signs and verifies HMAC signatures over a request's
// raw body, the scheme of the Pay-Signature header that the payment
// provider puts on its webhooks (contract section 7), which the order
// center also uses for its own calls to its internal functions (package
// origin, header Oc-Origin).
//
// The header reads "t=<unix seconds>,v1=<hex>[,v1=<hex>...]", where each
// v1 is hex(HMAC-SHA256(secret, t + "." + raw body)). A provider rotating
// its secret sends one v1 per secret it signs with; the receiver keeps
// every secret of the payment-webhook-secret file (one per line, see
// ParseSecrets) and accepts the webhook when any v1 matches any secret and
// t lies within a tolerance of its clock, in either direction.
//
// Sign and Header make headers; Verify checks one. Verify refuses with one
// of the sentinels ErrMissing, ErrMalformed, ErrStale or ErrMismatch, all
// of which wrap ErrInvalid, so that a caller maps errors.Is(err,
// ErrInvalid) to 401 and nothing else; ErrNoSecrets, which does not wrap
// ErrInvalid, means the receiver itself is misconfigured.
package signature
