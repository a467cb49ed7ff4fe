package platform

import (
	"fmt"
	"time"
)

// Getenv reads one environment variable; os.Getenv in production, a map in
// tests.
type Getenv func(string) string

// Duration reads the environment variable name, a Go duration, into
// into; an unset variable leaves into as it is. A malformed one sets into
// to 0 and returns an error naming the variable and its value.
func Duration(getenv Getenv, name string, into *time.Duration) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	*into = d
	if err != nil {
		return fmt.Errorf("%s %q: %w", name, v, err)
	}
	return nil
}
