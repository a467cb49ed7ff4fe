package reserve

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Sentinel errors of Hold. Nothing was held when one is returned.
var (
	// ErrOutOfStock: a limited item would pass its daily limit; the
	// error is a *StockError naming the sku.
	ErrOutOfStock = errors.New("reserve: out of stock")
	// ErrCouponHeld: another live order holds or spent the coupon.
	ErrCouponHeld = errors.New("reserve: coupon held by another order")
	// ErrTooManyUnpaid: the user has MaxUnpaid unpaid orders already.
	ErrTooManyUnpaid = errors.New("reserve: too many unpaid orders")
	// ErrNotFirstOrder: the order was priced as the user's first, but
	// the user has (or, meanwhile, placed) another order.
	ErrNotFirstOrder = errors.New("reserve: not the user's first order")
	// ErrBehind: Redis kept refusing what the store has room for (it is
	// being set right while orders race); transient, try again.
	ErrBehind = errors.New("reserve: redis behind the store")
)

// StockError names the sku that ran out.
type StockError struct{ SKU string }

// Error describes the shortage.
func (e *StockError) Error() string { return "reserve: out of stock: " + e.SKU }

// Unwrap makes errors.Is(err, ErrOutOfStock) hold.
func (e *StockError) Unwrap() error { return ErrOutOfStock }

// Config tunes a Reserver.
type Config struct {
	// Prefix starts every key (default DefaultPrefix).
	Prefix string
	// Keep is how long hold records, stock counters and day indexes
	// live (default 72 h: past the store day and any late event).
	Keep time.Duration
	// StandingKeep is how long an untouched first-order count lives
	// (default 90 days); FirstOrder counts it again from the store.
	StandingKeep time.Duration
	// MaxUnpaid caps a user's unpaid orders (0: no cap).
	MaxUnpaid int
	// Store is the record every unit is finally taken in (the order
	// repository; see slots.go). Nil keeps the reservations in Redis
	// only, which a flush or a failover can make oversell: for tests and
	// tools that need no more.
	Store Store
	// Grace is how long a hold may go without its order before it is an
	// orphan (default DefaultOrphanGrace): its slots carry that deadline.
	Grace time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Rebuilt, when set, is told of each thing Redis had lost that the
	// store stood in for (RebuiltStanding, RebuiltHold, RebuiltSlots): the
	// backstop's rebuilds, which the order center counts.
	Rebuilt func(ctx context.Context, what string)
}

func (c *Config) setDefaults() {
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if c.Keep <= 0 {
		c.Keep = 72 * time.Hour
	}
	if c.StandingKeep <= 0 {
		c.StandingKeep = 90 * 24 * time.Hour
	}
	if c.Grace <= 0 {
		c.Grace = DefaultOrphanGrace
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// DefaultPrefix starts every key when Config names no prefix.
const DefaultPrefix = "oc:"

// Redis is what a Reserver needs of a go-redis client.
type Redis interface {
	redis.Scripter
	redis.Cmdable
}

// Reserver holds, confirms and releases reservations. Safe for
// concurrent use.
type Reserver struct {
	rdb Redis
	cfg Config
	k   keys
}

// New returns a reserver over rdb.
func New(rdb Redis, cfg Config) *Reserver {
	cfg.setDefaults()
	return &Reserver{rdb: rdb, cfg: cfg, k: keys{cfg.Prefix}}
}

func ms(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

func unixMS(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func wrap(op, orderID string, err error) error {
	return fmt.Errorf("%s %s: %w", op, orderID, err)
}
