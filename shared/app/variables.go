package app

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/payment/reconcile"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/reserve"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/telemetry"
	"github.com/ordercenter/ordercenter/shared/timers"
)

// variable is one environment variable: its name, its default as the
// environment would spell it, who reads it, what it means, and how it is
// read into a Config and shown from one.
type variable struct {
	name, def, readBy, doc string
	parse                  func(c *Config, raw string) error
	show                   func(c *Config) string
}

// Who reads a variable, as the table says it.
const (
	byAll      = "every function"
	byOrders   = "every function that writes orders"
	byRedis    = "place-order, holds, push-notify, sweeper"
	byRefunds  = "refund, pay-callback, sweeper"
	byPlace    = "place-order"
	byTimers   = "place-order, sweeper"
	byPush     = "push-notify"
	byRunner   = "the local runner"
	byConn     = "the connector (cmd/connector)"
	byStreams  = "ocadmin create-streams, the local runner"
	byTemplate = "every function (the template's telemetry), the connector, the local runner"
)

// variables is the table of every variable, in the order of the
// generated documentation.
func variables() []variable {
	return []variable{
		text("SECRETS_DIR", secrets.DefaultDir, byAll, "Directory of the secret files (jwt-secret, payment-webhook-secret, payment-api-key, event-signing-secret; Redis's optional redis-username, redis-password, redis-ca.crt, redis-sentinel-password; NATS's optional nats-creds, nats-nkey, nats-user, nats-password, nats-ca.crt).",
			func(c *Config) *string { return &c.SecretsDir }),
		duration("MAX_TOKEN_TTL", auth.DefaultMaxTTL, "every function with callers", "The longest lifetime of a bearer token: `exp` minus `iat`, or minus now without `iat` (clock skew of "+auth.Leeway.String()+" allowed); a longer one is refused with 401. `ordercenter token --ttl` refuses longer too.",
			func(c *Config) *time.Duration { return &c.MaxTokenTTL }),
		text("DYNAMODB_ENDPOINT", "", byAll, "DynamoDB-compatible server; empty: AWS, with credentials and region from the AWS environment.",
			func(c *Config) *string { return &c.Store.Endpoint }),
		text("DYNAMODB_TABLE", "ordercenter", byAll, "The table (create it with `ocadmin create-table`).",
			func(c *Config) *string { return &c.Store.Table }),
		boolean("DYNAMODB_TRANSACTIONS", false, byOrders, "Commit each change in one TransactWriteItems call: two round trips instead of four, at twice the write units. Only where the store has transactions (AWS, DynamoDB Local; not Alternator).",
			func(c *Config) *bool { return &c.Store.Transactions }),
		integer("NATS_STREAM_REPLICAS", 1, byStreams, "How many NATS servers keep each stream, 1 to 5: as many as the JetStream cluster has servers (3 in the deploy manifests), 1 on one server. The streams are created with it; an existing stream is updated to it.",
			func(c *Config) *int { return &c.NATSStreamReplicas }),
		address("NATS_URL", "", byOrders, "NATS server(s) with JetStream, comma-separated (`nats://`, `tls://`); empty: events stay on the timelines, unpublished. Credentials come from one of the secrets `nats-creds` (a credentials file), `nats-nkey` (a user NKey seed) or `nats-user` with `nats-password`, never from the URL; TLS for `tls://` or when the secret `nats-ca.crt` (the servers' CA) is present. Refused credentials or an untrusted certificate fail at start.",
			func(c *Config) *string { return &c.NATSURL }),
		address("REDIS_URL", "", byRedis, "One Redis server, `redis://` or `rediss://` (TLS; its roots: the secret `redis-ca.crt` when present, else the system's). Credentials come from the secrets `redis-username` and `redis-password`: the functions refuse a password in the URL (the local runner takes one). Set one of `REDIS_URL`, `REDIS_CLUSTER_ADDRS` or `REDIS_SENTINEL_ADDRS`.",
			func(c *Config) *string { return &c.Redis.URL }),
		addrs("REDIS_CLUSTER_ADDRS", byRedis, "A Redis Cluster: comma-separated `host:port` of some of its nodes (the rest are found). TLS when the secret `redis-ca.crt` is present; credentials as for `REDIS_URL`.",
			func(c *Config) *[]string { return &c.Redis.ClusterAddrs }),
		addrs("REDIS_SENTINEL_ADDRS", byRedis, "Redis Sentinel: comma-separated `host:port` of the Sentinels; with `REDIS_SENTINEL_MASTER`. The Sentinels' own password is the secret `redis-sentinel-password` (when they have one); the primary's credentials and TLS as for `REDIS_CLUSTER_ADDRS`.",
			func(c *Config) *[]string { return &c.Redis.SentinelAddrs }),
		text("REDIS_SENTINEL_MASTER", "", byRedis, "The name the Sentinels know the primary by (their `sentinel monitor <name>`).",
			func(c *Config) *string { return &c.Redis.SentinelMaster }),
		text("REDIS_KEY_PREFIX", reserve.DefaultPrefix, byRedis, "Starts every Redis key but push-notify's (holds, idempotency, rate limits, caches). No braces: each key's hash tag follows it (see `shared/reserve`, Keys).",
			func(c *Config) *string { return &c.RedisKeyPrefix }),
		address("CATALOG_URL", "", byPlace, "The catalog (contract section 13).",
			func(c *Config) *string { return &c.CatalogURL }),
		address("PAYMENT_PROVIDER_URL", "", byRefunds, "The payment provider's refund API; empty: refunds are recorded, never carried out.",
			func(c *Config) *string { return &c.PaymentProviderURL }),
		address("PUSH_GATEWAY_URL", "", byPush, "The push gateway.",
			func(c *Config) *string { return &c.PushGatewayURL }),
		address("OTEL_EXPORTER_OTLP_ENDPOINT", "", byTemplate, "OpenTelemetry collector, OTLP/HTTP base URL; empty: nothing exported.",
			func(c *Config) *string { return &c.OTLPEndpoint }),
		integer("MAX_CONCURRENT_CALLS", DefaultMaxConcurrentCalls, "every function (the template), the local runner (per function)", "Calls one function instance serves at once; one more is refused at once with 503 `overloaded` and `Retry-After: 1` instead of waiting (docs/overload.md). 0: no bound. Keep it below the watchdog's `max_inflight`.",
			func(c *Config) *int { return &c.MaxConcurrentCalls }),
		{name: "LOG_LEVEL", def: "INFO", readBy: "every function, the connector, the local runner",
			doc:   "The least level logged: `debug`, `info`, `warn` or `error`. At `info` each call writes one access line (function, method, route, status, duration, caller role, trace id); `warn` drops them.",
			parse: func(c *Config, raw string) (err error) { c.LogLevel, err = telemetry.ParseLevel(raw); return err },
			show:  func(c *Config) string { return c.LogLevel.String() }},
		duration("PAY_TIMEOUT", timers.DefaultPayTimeout, byTimers, "How long an order waits for its payment before it is cancelled.",
			func(c *Config) *time.Duration { return &c.Timers.PayTimeout }),
		duration("PAY_RECONCILE_LEAD", timers.DefaultPayCheckLead, "sweeper", "How long before its pay deadline an unpaid order's payment is looked up at the provider, in case its webhook never comes (docs/pay-callback.md, reconciliation).",
			func(c *Config) *time.Duration { return &c.Timers.PayReconcileLead }),
		duration("PAY_GRACE", reconcile.DefaultGrace, "sweeper", "How long past its pay deadline an unpaid order waits for a payment provider that cannot be asked whether it was paid, before it is cancelled anyway.",
			func(c *Config) *time.Duration { return &c.Timers.PayGrace }),
		duration("ACCEPT_TIMEOUT", timers.DefaultAcceptTimeout, "sweeper", "How long a paid order waits for the merchant before it is cancelled and refunded.",
			func(c *Config) *time.Duration { return &c.Timers.AcceptTimeout }),
		duration("AUTO_COMPLETE_AFTER", timers.DefaultAutoCompleteAfter, "sweeper", "How long after delivery an unconfirmed order is completed.",
			func(c *Config) *time.Duration { return &c.Timers.AutoCompleteAfter }),
		integer("TIMER_BATCH", timers.DefaultBatch, "sweeper", "The most due timers of one kind one sweep takes on (1 to 1000).",
			func(c *Config) *int { return &c.Timers.Batch }),
		duration("AFTER_SALES_WINDOW", order.DefaultAfterSalesWindow, "refund", "How long after completion the user may ask for a refund.",
			func(c *Config) *time.Duration { return &c.AfterSalesWindow }),
		limit("RATE_LIMIT_PER_USER", ratelimit.Limit{Count: 30, Period: time.Minute}, byPlace, "Orders one user may place, `<count>/<duration>`; 0 turns it off.",
			func(c *Config) *ratelimit.Limit { return &c.PlaceOrder.PerUser }),
		limit("RATE_LIMIT_PER_ADDRESS", ratelimit.Limit{Count: 600, Period: time.Minute}, byPlace, "Orders one client address may place (the right-most `X-Forwarded-For` entry; IPv6 by /64).",
			func(c *Config) *ratelimit.Limit { return &c.PlaceOrder.PerAddress }),
		integer("MAX_UNPAID_ORDERS", 5, byPlace, "Unpaid orders one user may have at once; 0: no cap.",
			func(c *Config) *int { return &c.PlaceOrder.MaxUnpaid }),
		integer("PLACE_ORDER_TRUSTED_HOPS", 0, byPlace, "Proxies that append to `X-Forwarded-For` after the gateway.",
			func(c *Config) *int { return &c.PlaceOrder.TrustedHops }),
		limit("PUSH_RATE_LIMIT", ratelimit.Limit{Count: 10, Period: time.Minute}, byPush, "Pushes one user or rider may get; 0 turns it off.",
			func(c *Config) *ratelimit.Limit { return &c.Push.RateLimit }),
		limit("PUSH_RATE_LIMIT_MERCHANT", ratelimit.Limit{Count: 600, Period: time.Minute}, byPush, "Pushes one store may get.",
			func(c *Config) *ratelimit.Limit { return &c.Push.MerchantRateLimit }),
		text("PUSH_KEY_PREFIX", "push:", byPush, "Starts every Redis key of push-notify's ledger. No braces: each key's hash tag follows it.",
			func(c *Config) *string { return &c.Push.KeyPrefix }),
		duration("QUERY_TIMEOUT", 5*time.Second, "order-query", "Bounds one call, below the platform's function timeout.",
			func(c *Config) *time.Duration { return &c.QueryTimeout }),
		duration("ACTION_TIMEOUT", 10*time.Second, "order-action", "Bounds one call, below the platform's function timeout.",
			func(c *Config) *time.Duration { return &c.ActionTimeout }),
		text("STORE_TIMEZONE", "Asia/Shanghai", "order-query", "Whose today a store's order list shows when the request names no date.",
			func(c *Config) *string { return &c.StoreTimezone }),
		duration("SWEEP_INTERVAL", 5*time.Second, byRunner, "How often the runner triggers the sweeper, in place of its `schedule` annotation (deployed, the connector follows the annotation).",
			func(c *Config) *time.Duration { return &c.SweepInterval }),
		address("GATEWAY_URL", "http://gateway.openfaas:8080", byConn, "The OpenFaaS gateway: functions are called at `/function/<name>` (which wakes one scaled to zero) and, without `STACK_FILE`, listed at `/system/functions` (basic auth from `basic-auth-user` and `basic-auth-password` in `SECRETS_DIR` when they exist).",
			func(c *Config) *string { return &c.Connector.GatewayURL }),
		text("STACK_FILE", "", byConn, "A stack file whose `topic` and `schedule` annotations the connector follows; empty: those the gateway lists, read again every `CONNECTOR_REFRESH`.",
			func(c *Config) *string { return &c.Connector.StackFile }),
		integer("CONNECTOR_IN_FLIGHT", 8, byConn, "Events one function has in hand at most (its bulkhead: a slow function holds only its own deliveries).",
			func(c *Config) *int { return &c.Connector.InFlight }),
		duration("CONNECTOR_CALL_TIMEOUT", 25*time.Second, byConn, "Bounds one call of a function; no answer by then is retried. The events' ack wait is 30 s, or this plus 5 s when longer.",
			func(c *Config) *time.Duration { return &c.Connector.CallTimeout }),
		duration("CONNECTOR_DRAIN", 10*time.Second, byConn, "On SIGTERM, how long the calls in hand may still take; what is unsettled then is redelivered.",
			func(c *Config) *time.Duration { return &c.Connector.Drain }),
		duration("CONNECTOR_REFRESH", 30*time.Second, byConn, "How often the gateway's function list is read again; a change of subscriptions or schedules restarts delivery (after a drain).",
			func(c *Config) *time.Duration { return &c.Connector.Refresh }),
	}
}

func text(name, def, readBy, doc string, field func(*Config) *string) variable {
	return variable{name: name, def: def, readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error { *field(c) = raw; return nil },
		show:  func(c *Config) string { return *field(c) }}
}

// address is a URL variable, shown with any password masked.
func address(name, def, readBy, doc string, field func(*Config) *string) variable {
	v := text(name, def, readBy, doc, field)
	v.show = func(c *Config) string { return redacted(*field(c)) }
	return v
}

// addrs is a comma-separated list of host:port.
func addrs(name, readBy, doc string, field func(*Config) *[]string) variable {
	return variable{name: name, readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error { *field(c) = redisclient.SplitAddrs(raw); return nil },
		show:  func(c *Config) string { return strings.Join(*field(c), ",") }}
}

func boolean(name string, def bool, readBy, doc string, field func(*Config) *bool) variable {
	return variable{name: name, def: strconv.FormatBool(def), readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error {
			b, err := strconv.ParseBool(raw)
			if err != nil {
				return errors.New("want true or false")
			}
			*field(c) = b
			return nil
		},
		show: func(c *Config) string { return strconv.FormatBool(*field(c)) }}
}

func duration(name string, def time.Duration, readBy, doc string, field func(*Config) *time.Duration) variable {
	return variable{name: name, def: def.String(), readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error {
			d, err := time.ParseDuration(raw)
			if err != nil || d <= 0 {
				return errors.New("want a positive Go duration such as 15m")
			}
			*field(c) = d
			return nil
		},
		show: func(c *Config) string { return field(c).String() }}
}

func integer(name string, def int, readBy, doc string, field func(*Config) *int) variable {
	return variable{name: name, def: strconv.Itoa(def), readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error {
			n, err := strconv.Atoi(raw)
			if err != nil {
				return errors.New("want an integer")
			}
			*field(c) = n
			return nil
		},
		show: func(c *Config) string { return strconv.Itoa(*field(c)) }}
}

func limit(name string, def ratelimit.Limit, readBy, doc string, field func(*Config) *ratelimit.Limit) variable {
	return variable{name: name, def: def.String(), readBy: readBy, doc: doc,
		parse: func(c *Config, raw string) error {
			l, err := ratelimit.ParseLimit(raw)
			*field(c) = l
			return err
		},
		show: func(c *Config) string { return field(c).String() }}
}

// redacted is raw with any password masked; raw as it is when it is no
// URL.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}
