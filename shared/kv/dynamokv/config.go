package dynamokv

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.opentelemetry.io/otel/trace"
)

// Defaults applied by New to the fields of Config left at zero.
const (
	// DefaultRegion is the region used with an Endpoint when none is given;
	// DynamoDB-compatible servers ignore it but the SDK needs one to sign.
	DefaultRegion = "us-east-1"
	// DefaultMaxAttempts is how often the SDK tries one request: few, so
	// that the caller's deadline, not the retryer, decides how long a call
	// may take.
	DefaultMaxAttempts = 3
	// DefaultMaxBackoff caps the SDK's delay between two attempts.
	DefaultMaxBackoff = time.Second
	// DefaultMaxIdleConns is how many idle connections the store keeps
	// open to the server for concurrent calls.
	DefaultMaxIdleConns = 256
)

// Config says where the store's table is and how to reach it.
type Config struct {
	// Endpoint is the base URL of a DynamoDB-compatible server (DynamoDB
	// Local, ScyllaDB Alternator, dynalite), for example
	// "http://127.0.0.1:8000"; empty means AWS DynamoDB's own endpoint for
	// the region.
	Endpoint string
	// Table is the name of the table.
	Table string
	// Region is the AWS region. When empty it is DefaultRegion if an
	// Endpoint is set, and otherwise whatever the AWS environment or shared
	// configuration names.
	Region string
	// Credentials, when set, sign every request. When nil, the AWS default
	// chain is used (environment, shared files, web identity, instance
	// roles), except that with an Endpoint and no AWS_ACCESS_KEY_ID in the
	// environment static dummy credentials are used, which is what local
	// servers expect.
	Credentials aws.CredentialsProvider
	// MaxAttempts is how often one request is tried (DefaultMaxAttempts
	// when zero).
	MaxAttempts int
	// MaxBackoff caps the delay between two attempts (DefaultMaxBackoff
	// when zero).
	MaxBackoff time.Duration
	// MaxIdleConns is how many idle connections are kept to the server
	// (DefaultMaxIdleConns when zero).
	MaxIdleConns int
	// Transactions lets the store offer kv.Transactor through
	// TransactWriteItems. Off by default, so that the portable path of
	// single-item writes stays the default: set it only for servers that
	// have TransactWriteItems (AWS DynamoDB, DynamoDB Local), not for
	// dynalite or ScyllaDB Alternator. ProbeTransactions tells which.
	Transactions bool
	// TracerProvider makes the client span of each DynamoDB call
	// ("DynamoDB.PutItem" and so on; default the global provider).
	TracerProvider trace.TracerProvider
}

var tableName = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)

// setDefaults fills in the fields left at zero.
func (c *Config) setDefaults() {
	if c.Region == "" && c.Endpoint != "" {
		c.Region = DefaultRegion
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxIdleConns == 0 {
		c.MaxIdleConns = DefaultMaxIdleConns
	}
}

// Validate reports every problem of the configuration at once, joined. Fields
// that have defaults may be left at zero.
func (c Config) Validate() error {
	var errs []error
	if !tableName.MatchString(c.Table) {
		errs = append(errs, fmt.Errorf("table name %q: must be 3 to 255 of [A-Za-z0-9_.-]", c.Table))
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("endpoint %q: must be an http or https URL", c.Endpoint))
		}
	}
	if c.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("max attempts %d: must not be negative", c.MaxAttempts))
	}
	if c.MaxBackoff < 0 {
		errs = append(errs, fmt.Errorf("max backoff %s: must not be negative", c.MaxBackoff))
	}
	if c.MaxIdleConns < 0 {
		errs = append(errs, fmt.Errorf("max idle connections %d: must not be negative", c.MaxIdleConns))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dynamokv config: %w", err)
	}
	return nil
}
