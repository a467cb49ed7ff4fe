package reserve

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/redisscript"
)

// taken is what Redis handed out: the slots to try per held line ("3,7")
// and the unpaid slot to try ("" without a cap); and the undoing of the
// parts this call took new (not those an earlier attempt took).
type taken struct {
	slots  []string
	unpaid string
	undo   []redisscript.Call
}

// holdRedis takes the order's parts in one pipeline: its hold record,
// its user part and, with limited lines, its stock part, each in its own
// slot. When a part refuses (or fails), the parts this call took are
// given back at once (one more pipeline) and the refusal returned; parts
// an earlier attempt took stay, for its release or the orphan task.
func (r *Reserver) holdRedis(ctx context.Context, req Request, held []Line) (taken, error) {
	p := partsOf(req, held)
	calls := []redisscript.Call{r.recordHold(p), r.userHold(p, req)}
	undo := []redisscript.Call{r.recordRelease(p.orderID, true, ""), r.userRelease(p, true)}
	if len(held) > 0 {
		calls = append(calls, r.stockHold(p, held))
		undo = append(undo, r.stockRelease(p))
	}
	got, err := holdReplies(req.OrderID, redisscript.Run(ctx, r.rdb, calls...), held, undo)
	if err != nil && len(got.undo) > 0 {
		for _, cmd := range redisscript.Run(ctx, r.rdb, got.undo...) {
			if uerr := cmd.Err(); uerr != nil {
				return got, errors.Join(err, wrap("undo hold", req.OrderID, uerr))
			}
		}
	}
	return got, err
}

func (r *Reserver) recordHold(p parts) redisscript.Call {
	first := ""
	if p.first {
		first = "1"
	}
	args := []any{p.orderID, unixMS(r.cfg.Now()), ms(r.cfg.Keep), p.user, p.store, p.day, p.coupon, first}
	for _, sku := range p.skus {
		args = append(args, sku)
	}
	return redisscript.Call{Script: recordHoldScript, Keys: r.recordKeys(p.orderID), Args: args}
}

func (r *Reserver) userHold(p parts, req Request) redisscript.Call {
	mode := "count"
	if p.first {
		mode = "claim"
	}
	return redisscript.Call{Script: userHoldScript, Keys: r.userKeys(p, true), Args: []any{p.orderID, unixMS(r.cfg.Now()), ms(r.cfg.Keep),
		r.cfg.MaxUnpaid, unixMS(req.PayDeadline), mode, unixMS(req.CouponExpires), ms(r.cfg.StandingKeep)}}
}

func (r *Reserver) stockHold(p parts, held []Line) redisscript.Call {
	args := []any{p.orderID, ms(r.cfg.Keep)}
	for _, l := range held {
		args = append(args, l.Qty, l.Limit)
	}
	return redisscript.Call{Script: stockHoldScript, Keys: r.stockKeys(p), Args: args}
}

// holdReplies reads the replies of the hold pipeline (the record's,
// the user part's, the stock part's if any; undo has their releases):
// what was taken, or the first refusal, else the first failure.
func holdReplies(orderID string, cmds []*redis.Cmd, held []Line, undo []redisscript.Call) (taken, error) {
	got := taken{slots: []string{}}
	var errs []error
	took := func(i int, state string) {
		if state == "new" {
			got.undo = append(got.undo, undo[i])
		}
	}
	if st, err := cmds[0].Text(); err != nil {
		errs = append(errs, wrap("hold", orderID, fmt.Errorf("script: %w", err)))
	} else {
		took(0, st)
	}
	if res, err := partReply(orderID, cmds[1], 2, held); err != nil {
		errs = append(errs, err)
	} else {
		took(1, res[0])
		got.unpaid = res[1]
	}
	if len(cmds) > 2 {
		if res, err := partReply(orderID, cmds[2], 1+len(held), held); err != nil {
			errs = append(errs, err)
		} else {
			took(2, res[0])
			got.slots = res[1:]
		}
	}
	return got, refusalFirst(errs)
}

// partReply reads the reply of a part's hold script, n words long, or
// its refusal.
func partReply(orderID string, cmd *redis.Cmd, n int, held []Line) ([]string, error) {
	res, err := cmd.StringSlice()
	if err != nil || len(res) == 0 {
		return nil, wrap("hold", orderID, fmt.Errorf("script: %v", err))
	}
	if err := holdOutcome(orderID, res, held); err != nil {
		return nil, err
	}
	if len(res) != n {
		return nil, wrap("hold", orderID, fmt.Errorf("unexpected reply %q", res))
	}
	return res, nil
}

func holdOutcome(orderID string, res []string, held []Line) error {
	switch res[0] {
	case "new", "again":
		return nil
	case "unpaid":
		return wrap("hold", orderID, ErrTooManyUnpaid)
	case "not_first":
		return wrap("hold", orderID, ErrNotFirstOrder)
	case "coupon":
		return wrap("hold", orderID, ErrCouponHeld)
	case "stock":
		if len(res) == 2 {
			i, _ := strconv.Atoi(res[1])
			if i >= 1 && i <= len(held) {
				return wrap("hold", orderID, &StockError{SKU: held[i-1].SKU})
			}
		}
	}
	return wrap("hold", orderID, fmt.Errorf("unexpected reply %q", res))
}
