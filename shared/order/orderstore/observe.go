package orderstore

import (
	"context"

	"github.com/ordercenter/ordercenter/shared/order"
)

// Observer is told of every change committed on a master record (the
// order center's figures, package metrics): once per commit, after the
// master's conditional write succeeded, with the record as written and
// the changes it committed. A create or update that finds its work done
// already (a retry, a replay) commits nothing and tells nothing. It must
// not block.
type Observer interface {
	Committed(ctx context.Context, rec order.Record, changes []order.Change)
}

// committed tells the observer, if any, of the intents' changes, just
// committed on rec.
func (r *Repository) committed(ctx context.Context, rec order.Record, intents []intent) {
	if r.observer == nil {
		return
	}
	changes := make([]order.Change, len(intents))
	for i, in := range intents {
		changes[i] = in.Change
	}
	r.observer.Committed(ctx, rec, changes)
}
