package kv

import "time"

// Condition is what must hold of the stored item for a write to go ahead.
// An item counts as live while it exists and has not expired.
type Condition struct {
	kind    conditionKind
	version int64
}

type conditionKind int

const (
	condAlways conditionKind = iota
	condAbsent
	condExists
	condVersion
	condVersionBelow
)

// Always is the condition that always holds.
func Always() Condition { return Condition{kind: condAlways} }

// IfAbsent holds when no live item has the key.
func IfAbsent() Condition { return Condition{kind: condAbsent} }

// IfExists holds when a live item has the key.
func IfExists() Condition { return Condition{kind: condExists} }

// IfVersion holds when a live item has the key and exactly version v.
func IfVersion(v int64) Condition { return Condition{kind: condVersion, version: v} }

// IfVersionBelow holds when no live item has the key or the live item's
// version is below v: the guard for copies that must never go backwards.
func IfVersionBelow(v int64) Condition { return Condition{kind: condVersionBelow, version: v} }

// Holds reports whether c holds of the stored item at time now; found tells
// whether an item is stored under the key at all. Backends that evaluate
// conditions themselves use it.
func (c Condition) Holds(stored Item, found bool, now time.Time) bool {
	live := found && !Expired(stored, now)
	switch c.kind {
	case condAbsent:
		return !live
	case condExists:
		return live
	case condVersion:
		return live && stored.Version == c.version
	case condVersionBelow:
		return !live || stored.Version < c.version
	default:
		return true
	}
}

// Version is the version the condition compares with, if any.
func (c Condition) Version() int64 { return c.version }

// IsAlways, IsAbsent, IsExists, IsVersion and IsVersionBelow tell backends
// which condition they must translate.
func (c Condition) IsAlways() bool       { return c.kind == condAlways }
func (c Condition) IsAbsent() bool       { return c.kind == condAbsent }
func (c Condition) IsExists() bool       { return c.kind == condExists }
func (c Condition) IsVersion() bool      { return c.kind == condVersion }
func (c Condition) IsVersionBelow() bool { return c.kind == condVersionBelow }

// Expired reports whether the item has expired at time now.
func Expired(it Item, now time.Time) bool {
	return !it.ExpiresAt.IsZero() && !now.Before(it.ExpiresAt)
}
