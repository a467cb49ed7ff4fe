package reserve

import "context"

// What Config.Rebuilt is told was rebuilt in Redis from the store.
const (
	// RebuiltStanding: a user's first-order count, counted again from
	// the store, which holds orders of the user (a new user's count,
	// counted as 0, is no rebuild).
	RebuiltStanding = "standing"
	// RebuiltHold: the parts of a hold whose record Redis lost, read from
	// its order to confirm or release them.
	RebuiltHold = "hold"
	// RebuiltSlots: a bitmap of held units, told again what the store
	// holds after Redis had forgotten.
	RebuiltSlots = "slots"
)

// rebuilt tells Config.Rebuilt, if set, that the store stood in for
// what Redis had lost.
func (r *Reserver) rebuilt(ctx context.Context, what string) {
	if r.cfg.Rebuilt != nil {
		r.cfg.Rebuilt(ctx, what)
	}
}
