package sandbox

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
	"github.com/ordercenter/ordercenter/shared/sandbox/route"
)

// Defaults of Config.
const (
	// DefaultMaxHang is how long a timeout_next fault holds a refund call
	// when the caller does not give up first.
	DefaultMaxHang = faults.DefaultMaxHang
	// DefaultMaxCalls is how many recorded calls are kept.
	DefaultMaxCalls = journal.DefaultMax
	// DefaultWebhookTimeout is the deadline of a webhook sent with the
	// default client.
	DefaultWebhookTimeout = 10 * time.Second
)

// Config is what a Provider needs. WebhookURL and Secrets are required;
// every other field has a default.
type Config struct {
	// Prefix is the path the provider is mounted at, such as
	// "/sandbox/payments" (no trailing slash). Empty: routes at the root.
	Prefix string
	// WebhookURL receives the webhooks: the runner's
	// http://<addr>/function/pay-callback.
	WebhookURL string
	// Secrets returns the payment-webhook-secret secrets, the current one
	// first; it is called for every webhook, so it may reread the file.
	Secrets func() [][]byte
	// SignWithAll signs with every secret (one v1 each), as a provider
	// does during a rotation; otherwise with the first one only.
	SignWithAll bool
	// Client sends the webhooks; default: one with DefaultWebhookTimeout.
	Client *http.Client
	// Now is the clock of signatures, events and records; default time.Now.
	Now func() time.Time
	// MaxHang bounds a timeout_next fault; default DefaultMaxHang.
	MaxHang time.Duration
	// MaxCalls is how many recorded calls are kept, the oldest dropped
	// first; default DefaultMaxCalls.
	MaxCalls int
	// Logger tells why a webhook could not be sent; default slog.Default().
	Logger *slog.Logger
}

// setDefaults fills the fields left zero but MaxHang and MaxCalls, which
// the faults and the journal default.
func (c *Config) setDefaults() {
	c.Prefix = strings.TrimSuffix(c.Prefix, "/")
	if c.Client == nil {
		c.Client = &http.Client{Timeout: DefaultWebhookTimeout}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// validate names every problem of a defaulted config.
func (c *Config) validate() error {
	errs := []error{route.CheckPrefix(c.Prefix)}
	if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("webhook URL %q is not an absolute http(s) URL", c.WebhookURL))
	}
	if c.Secrets == nil {
		errs = append(errs, errors.New("no secrets function"))
	}
	return errors.Join(errs...)
}
