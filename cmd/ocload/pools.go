package main

import "sync"

// liveOrder is an order the workload placed and moves on.
type liveOrder struct {
	id    string
	user  int // index of its user
	shop  int // index of its store
	total int64
	rider int // index of the rider who picked it up
}

// maxWaiting bounds the orders kept in one state (the oldest go).
const maxWaiting = 100_000

// pools hold the orders waiting in each state for their next step,
// oldest first, and a ring of recent orders to read. They are safe for
// concurrent use.
type pools struct {
	mu      sync.Mutex
	waiting map[string][]liveOrder
	recent  []liveOrder
	next    int // where the ring is written next
}

// recentOrders is the size of the ring of orders to read.
const recentOrders = 4096

func newPools() *pools { return &pools{waiting: map[string][]liveOrder{}} }

// put adds o to the orders waiting in state.
func (p *pools) put(state string, o liveOrder) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := append(p.waiting[state], o)
	if len(q) > maxWaiting {
		q = q[1:]
	}
	p.waiting[state] = q
}

// take removes and returns the oldest order waiting in state.
func (p *pools) take(state string) (liveOrder, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.waiting[state]
	if len(q) == 0 {
		return liveOrder{}, false
	}
	o := q[0]
	q[0] = liveOrder{}
	p.waiting[state] = q[1:]
	return o, true
}

// remember adds a newly placed order to the ring of orders to read.
func (p *pools) remember(o liveOrder) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.recent) < recentOrders {
		p.recent = append(p.recent, o)
		return
	}
	p.recent[p.next] = o
	p.next = (p.next + 1) % recentOrders
}

// anyRecent returns the recent order at i modulo their number.
func (p *pools) anyRecent(i int) (liveOrder, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.recent) == 0 {
		return liveOrder{}, false
	}
	return p.recent[i%len(p.recent)], true
}

// counts returns how many orders wait in each state.
func (p *pools) counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.waiting))
	for s, q := range p.waiting {
		out[s] = len(q)
	}
	return out
}
