package app

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redisclient"
)

// Config is everything the order center reads from its environment
// (contract section 2, and the project's own variables): one typed value,
// read by LoadConfig from the table in variables.go, which docs/
// configuration.md is generated from. Secrets are never here: they are
// files in SecretsDir.
type Config struct {
	// SecretsDir holds the secret files (SECRETS_DIR).
	SecretsDir string
	// MaxTokenTTL is the longest lifetime of a bearer token that the
	// functions accept (MAX_TOKEN_TTL).
	MaxTokenTTL time.Duration
	// Store names the DynamoDB-compatible table.
	Store StoreConfig
	// NATSStreamReplicas is how many servers keep each stream where the
	// streams are created: ocadmin create-streams and the local runner
	// (NATS_STREAM_REPLICAS).
	NATSStreamReplicas int
	// NATSURL is the NATS server or servers (NATS_URL); empty: events
	// stay on the orders' timelines, unpublished.
	NATSURL string
	// Redis names the Redis: one server, a cluster or a Sentinel-watched
	// primary (REDIS_URL, REDIS_CLUSTER_ADDRS, REDIS_SENTINEL_ADDRS and
	// REDIS_SENTINEL_MASTER); its credentials are secret files.
	Redis redisclient.Config
	// RedisKeyPrefix starts every Redis key of the order center but the
	// push ledger's (REDIS_KEY_PREFIX).
	RedisKeyPrefix string
	// CatalogURL, PaymentProviderURL and PushGatewayURL are the
	// dependencies of contract section 13.
	CatalogURL, PaymentProviderURL, PushGatewayURL string
	// OTLPEndpoint is the OpenTelemetry collector (OTLP/HTTP); empty:
	// nothing is exported.
	OTLPEndpoint string
	// MaxConcurrentCalls bounds the calls one function instance serves at
	// once (MAX_CONCURRENT_CALLS, httpapi.Admission).
	MaxConcurrentCalls int
	// LogLevel is the least level logged (LOG_LEVEL): info by default,
	// which writes an access line per call; warn and above drop them.
	LogLevel slog.Level
	// Timers are the business timers.
	Timers TimerConfig
	// AfterSalesWindow is how long after completion a user may ask for a
	// refund (AFTER_SALES_WINDOW).
	AfterSalesWindow time.Duration
	// PlaceOrder holds place-order's abuse limits.
	PlaceOrder PlaceOrderConfig
	// Push holds push-notify's limits and keys.
	Push PushConfig
	// QueryTimeout and ActionTimeout bound one call of order-query and
	// order-action.
	QueryTimeout, ActionTimeout time.Duration
	// StoreTimezone is the timezone of a store list's default day.
	StoreTimezone string
	// SweepInterval is how often the local runner runs the sweeper.
	SweepInterval time.Duration
	// Connector configures cmd/connector.
	Connector ConnectorConfig
}

// ConnectorConfig configures the connector that delivers events to the
// functions and triggers the scheduled ones (cmd/connector).
type ConnectorConfig struct {
	// GatewayURL is the OpenFaaS gateway (GATEWAY_URL).
	GatewayURL string
	// StackFile, when set, is read instead of the gateway's function list
	// (STACK_FILE).
	StackFile string
	// InFlight is how many events one function has in hand at most
	// (CONNECTOR_IN_FLIGHT).
	InFlight int
	// CallTimeout bounds one call (CONNECTOR_CALL_TIMEOUT).
	CallTimeout time.Duration
	// Drain is how long the calls in hand may take after SIGTERM
	// (CONNECTOR_DRAIN).
	Drain time.Duration
	// Refresh is how often the gateway's function list is read again
	// (CONNECTOR_REFRESH).
	Refresh time.Duration
}

// StoreConfig names the DynamoDB-compatible table.
type StoreConfig struct {
	// Endpoint is the server (DYNAMODB_ENDPOINT); empty: AWS.
	Endpoint string
	// Table is the table's name (DYNAMODB_TABLE).
	Table string
	// Transactions lets the repository commit a change in one
	// TransactWriteItems call (DYNAMODB_TRANSACTIONS).
	Transactions bool
}

// TimerConfig holds the business timers (contract section 2).
type TimerConfig struct {
	PayTimeout, AcceptTimeout, AutoCompleteAfter time.Duration
	// PayReconcileLead is how long before its deadline an unpaid order's
	// payment is looked up at the provider; PayGrace how long past it
	// the payment timer waits for a provider that cannot be asked.
	PayReconcileLead, PayGrace time.Duration
	// Batch is the most due timers of one kind a sweep takes on.
	Batch int
}

// PlaceOrderConfig holds place-order's abuse limits.
type PlaceOrderConfig struct {
	PerUser, PerAddress ratelimit.Limit
	MaxUnpaid           int
	TrustedHops         int
}

// PushConfig holds push-notify's limits per recipient and its key prefix.
type PushConfig struct {
	RateLimit, MerchantRateLimit ratelimit.Limit
	KeyPrefix                    string
}

// LoadConfig reads every variable of the table through getenv (os.Getenv
// when deployed), a variable that is unset taking its default. Every
// malformed value is named in the error, all at once; the Config returned
// beside an error holds what could be read.
func LoadConfig(getenv func(string) string) (Config, error) {
	var c Config
	var errs []error
	for _, v := range variables() {
		raw := getenv(v.name)
		if raw == "" {
			raw = v.def
		}
		if raw == "" {
			continue
		}
		if err := v.parse(&c, raw); err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", v.name, raw, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// DefaultMaxConcurrentCalls is MAX_CONCURRENT_CALLS's default: well above
// what a function needs in hand at its best rate (place-order at 5,000
// calls a second of 5 ms each holds 25), well below the watchdog's
// max_inflight.
const DefaultMaxConcurrentCalls = 128

// maxConcurrentCalls is the highest MAX_CONCURRENT_CALLS: beyond it the
// bound would only hold memory, never refuse a call.
const maxConcurrentCalls = 100_000

// DefaultConfig is the configuration of an empty environment.
func DefaultConfig() Config {
	c, err := LoadConfig(func(string) string { return "" })
	if err != nil {
		panic("app: the defaults do not validate: " + err.Error())
	}
	return c
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"PAY_TIMEOUT", c.Timers.PayTimeout}, {"ACCEPT_TIMEOUT", c.Timers.AcceptTimeout},
		{"AUTO_COMPLETE_AFTER", c.Timers.AutoCompleteAfter}, {"AFTER_SALES_WINDOW", c.AfterSalesWindow},
		{"QUERY_TIMEOUT", c.QueryTimeout}, {"ACTION_TIMEOUT", c.ActionTimeout}, {"SWEEP_INTERVAL", c.SweepInterval}} {
		check(d.d > 0, "%s %s: must be positive", d.name, d.d)
	}
	check(c.Connector.InFlight >= 1 && c.Connector.InFlight <= 1024, "CONNECTOR_IN_FLIGHT %d: must be 1 to 1024", c.Connector.InFlight)
	check(c.NATSStreamReplicas >= 1 && c.NATSStreamReplicas <= events.MaxReplicas, "NATS_STREAM_REPLICAS %d: must be 1 to %d", c.NATSStreamReplicas, events.MaxReplicas)
	check(c.Timers.Batch >= 1 && c.Timers.Batch <= 1000, "TIMER_BATCH %d: must be 1 to 1000", c.Timers.Batch)
	check(c.MaxConcurrentCalls >= 0 && c.MaxConcurrentCalls <= maxConcurrentCalls, "MAX_CONCURRENT_CALLS %d: must be 0 (no bound) to %d", c.MaxConcurrentCalls, maxConcurrentCalls)
	check(c.PlaceOrder.MaxUnpaid >= 0, "MAX_UNPAID_ORDERS %d: must not be negative", c.PlaceOrder.MaxUnpaid)
	check(c.PlaceOrder.TrustedHops >= 0, "PLACE_ORDER_TRUSTED_HOPS %d: must not be negative", c.PlaceOrder.TrustedHops)
	check(validPrefix(c.RedisKeyPrefix), "REDIS_KEY_PREFIX %q: must be set, without white space or braces", c.RedisKeyPrefix)
	check(validPrefix(c.Push.KeyPrefix), "PUSH_KEY_PREFIX %q: must be set, without white space or braces", c.Push.KeyPrefix)
	check(c.Store.Table != "", "DYNAMODB_TABLE: must not be empty")
	if _, err := time.LoadLocation(c.StoreTimezone); err != nil {
		errs = append(errs, fmt.Errorf("STORE_TIMEZONE %q: %w", c.StoreTimezone, err))
	}
	errs = append(errs, c.Redis.Validate())
	return errors.Join(errs...)
}

// validPrefix reports whether p can start Redis keys: the keys' hash
// tags follow it, so a brace in it would be the tag of every key.
func validPrefix(p string) bool { return p != "" && !strings.ContainsAny(p, " \t\r\n{}") }

// LogValue prints every variable as the environment would spell it,
// durations as durations, URLs with any password masked. The
// configuration holds no secrets, only where they are.
func (c Config) LogValue() slog.Value {
	vars := variables()
	attrs := make([]slog.Attr, 0, len(vars))
	for _, v := range vars {
		attrs = append(attrs, slog.String(v.name, v.show(&c)))
	}
	return slog.GroupValue(attrs...)
}
