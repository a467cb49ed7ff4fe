package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// The operations of the workload.
const (
	opBrowse      = "browse"       // the catalog: a store's menu
	opPlace       = "place"        // place-order, a new user's basket of a store
	opPay         = "pay"          // pay an unpaid order (the sandbox provider's webhook, or one signed here)
	opAccept      = "accept"       // the store's merchant accepts a paid order
	opReady       = "ready"        // the merchant marks it ready
	opPickup      = "pickup"       // a rider picks it up
	opDeliver     = "deliver"      // the same rider delivers it
	opConfirm     = "confirm"      // its user confirms it
	opCancel      = "cancel"       // a user cancels an unpaid order
	opRefund      = "refund"       // a user asks for part of a completed order back
	opGetOrder    = "get-order"    // a user reads one of their orders
	opMyOrders    = "my-orders"    // a user lists their orders
	opStoreOrders = "store-orders" // a merchant lists the store's orders of today
)

// operations lists every operation, in the order of a report.
var operations = []string{opBrowse, opPlace, opPay, opAccept, opReady, opPickup, opDeliver, opConfirm,
	opCancel, opRefund, opGetOrder, opMyOrders, opStoreOrders}

// defaultMix is the weights of the arrivals: a third browse the menus,
// an eighth place an order and most of those go on through payment to
// delivery and confirmation, one in a hundred-odd cancels or refunds,
// and a third are reads (a user's order or list, a store's list).
const defaultMix = "browse=30,place=12,pay=10,accept=10,ready=10,pickup=10,deliver=10,confirm=10," +
	"cancel=1,refund=1,get-order=15,my-orders=10,store-orders=10"

// mix picks the operation of an arrival by weight.
type mix struct {
	ops []string
	cum []float64 // cumulative weights
}

// parseMix reads "op=weight,..." (weights ≥ 0, at least one positive).
func parseMix(spec string) (mix, error) {
	var m mix
	total := 0.0
	for part := range strings.SplitSeq(spec, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		weight, err := strconv.ParseFloat(w, 64)
		switch {
		case !ok || err != nil || weight < 0:
			return m, fmt.Errorf("-mix %q: %q is not op=weight", spec, part)
		case !slices.Contains(operations, name):
			return m, fmt.Errorf("-mix: unknown operation %q (known: %s)", name, strings.Join(operations, ", "))
		case slices.Contains(m.ops, name):
			return m, fmt.Errorf("-mix: %s given twice", name)
		case weight == 0:
			continue
		}
		total += weight
		m.ops, m.cum = append(m.ops, name), append(m.cum, total)
	}
	if total == 0 {
		return m, fmt.Errorf("-mix %q: no operation has a weight", spec)
	}
	return m, nil
}

func (m mix) pick(rng *rand.Rand) string {
	x := rng.Float64() * m.cum[len(m.cum)-1]
	i, _ := slices.BinarySearch(m.cum, x)
	return m.ops[min(i, len(m.ops)-1)]
}

// needs is the state of the order an operation acts on; previous is the
// step that brings an order into it. An arrival of an operation that
// finds no order in that state is done as the step before (down to
// place), so that the arrival rate is kept and the mix bends towards
// the start of the lifecycle until orders are under way.
var (
	needs = map[string]string{opPay: stateUnpaid, opCancel: stateUnpaid, opAccept: statePaid,
		opReady: stateAccepted, opPickup: stateReady, opDeliver: stateDelivering, opConfirm: stateDelivered,
		opRefund: stateCompleted}
	previous = map[string]string{opPay: opPlace, opCancel: opPlace, opAccept: opPay, opReady: opAccept,
		opPickup: opReady, opDeliver: opPickup, opConfirm: opDeliver, opRefund: opConfirm, opGetOrder: opPlace}
)

// The states orders wait in between steps.
const (
	stateUnpaid     = "unpaid"
	statePaid       = "paid"
	stateAccepted   = "accepted"
	stateReady      = "ready"
	stateDelivering = "delivering"
	stateDelivered  = "delivered"
	stateCompleted  = "completed"
)
