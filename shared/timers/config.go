package timers

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults of Config (contract section 2 for the business timers).
const (
	DefaultPayTimeout        = 15 * time.Minute
	DefaultAcceptTimeout     = 10 * time.Minute
	DefaultAutoCompleteAfter = 2 * time.Hour
	DefaultBatch             = 200
	DefaultWorkers           = 4
	DefaultBudget            = 5 * time.Second
	DefaultReserve           = 500 * time.Millisecond
)

// Config is how long orders may wait and how much one run does.
type Config struct {
	// PayTimeout (PAY_TIMEOUT) is how long an order may wait for its
	// payment. place-order sets each order's pay_deadline from it, and the
	// payment timer fires at that deadline: a new value applies to orders
	// placed after the change.
	PayTimeout time.Duration
	// AcceptTimeout (ACCEPT_TIMEOUT) is how long a paid order may wait
	// for the merchant to accept it before it is cancelled (and refunded).
	AcceptTimeout time.Duration
	// AutoCompleteAfter (AUTO_COMPLETE_AFTER) is how long after delivery
	// an order the user has not confirmed is completed.
	AutoCompleteAfter time.Duration
	// HandoffGrace is how long after its event a hand-off check waits
	// before the sweeper finishes it (HandoffTask; default
	// DefaultHandoffGrace): the event path goes first.
	HandoffGrace time.Duration
	// PayCheckLead (PAY_RECONCILE_LEAD) is how long before its pay
	// deadline an unpaid order's payment is looked up at the provider
	// (PayCheckTask; default DefaultPayCheckLead).
	PayCheckLead time.Duration
	// Batch (TIMER_BATCH) is the most due timers (or hand-off checks) of
	// one kind one run takes on; the rest wait for the next run.
	Batch int
	// Workers is how many timers of one kind fire at once.
	Workers int
	// Budget bounds one task's run; it stops starting timers once less
	// than Reserve is left of it, or of the caller's deadline.
	Budget  time.Duration
	Reserve time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives the failures of single timers (default
	// slog.Default()).
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	setDefault(&c.PayTimeout, DefaultPayTimeout)
	setDefault(&c.AcceptTimeout, DefaultAcceptTimeout)
	setDefault(&c.AutoCompleteAfter, DefaultAutoCompleteAfter)
	setDefault(&c.HandoffGrace, DefaultHandoffGrace)
	setDefault(&c.PayCheckLead, DefaultPayCheckLead)
	setDefault(&c.Budget, DefaultBudget)
	setDefault(&c.Reserve, DefaultReserve)
	setDefault(&c.Batch, DefaultBatch)
	setDefault(&c.Workers, DefaultWorkers)
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"pay timeout", c.PayTimeout}, {"accept timeout", c.AcceptTimeout},
		{"auto-complete delay", c.AutoCompleteAfter}, {"hand-off grace", c.HandoffGrace}, {"payment check lead", c.PayCheckLead},
		{"budget", c.Budget}} {
		if d.d <= 0 {
			errs = append(errs, fmt.Errorf("%s %s: must be positive", d.name, d.d))
		}
	}
	if c.Reserve < 0 || c.Reserve >= c.Budget {
		errs = append(errs, fmt.Errorf("reserve %s: must be at least 0 and less than the budget %s", c.Reserve, c.Budget))
	}
	if c.Batch < 1 || c.Batch > 1000 {
		errs = append(errs, fmt.Errorf("batch %d: must be 1 to 1000", c.Batch))
	}
	if c.Workers < 1 || c.Workers > 64 {
		errs = append(errs, fmt.Errorf("workers %d: must be 1 to 64", c.Workers))
	}
	return errors.Join(errs...)
}
