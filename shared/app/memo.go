package app

import "sync"

// memo holds a value built on first use; a failed build is tried again on
// the next get. It is safe for concurrent use.
type memo[T any] struct {
	mu    sync.Mutex
	value T
	built bool
}

// get returns the value, building it with build if it has not been built.
func (m *memo[T]) get(build func() (T, error)) (T, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.built {
		return m.value, nil
	}
	v, err := build()
	if err != nil {
		return v, err
	}
	m.value, m.built = v, true
	return v, nil
}

// set stores v as if it had been built.
func (m *memo[T]) set(v T) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.value, m.built = v, true
}

// peek returns the value and whether it has been built, building nothing.
func (m *memo[T]) peek() (T, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.value, m.built
}
