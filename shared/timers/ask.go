package timers

import (
	"context"
	"errors"
	"time"
)

// ErrWait, returned by an Ask, keeps the timer for a later run without
// counting a failure: the timer may not fire yet (the payment provider
// cannot be asked whether the order was paid).
var ErrWait = errors.New("timer waits")

// Ask is what a timer asks before it fires, about the order and its
// timer's At (for the payment timer: the pay deadline): nil lets it fire
// (the guarded change still decides: an order the Ask moved on is not
// moved again); ErrWait keeps the timer; another error is a failure (the
// timer is kept too).
type Ask func(ctx context.Context, orderID string, at time.Time) error

// AskingFirst makes the task call ask before each firing: the payment
// timer asks the provider whether the order was paid before it cancels it
// (package reconcile).
func (t *Task) AskingFirst(ask Ask) *Task {
	t.ask = ask
	return t
}
