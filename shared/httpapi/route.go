package httpapi

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxIDLen is the longest id a path or body may carry (contract: 1 to 64
// characters for client-chosen ids; the order center's own are shorter).
const MaxIDLen = 64

// Match matches a subpath against a pattern of segments separated by "/",
// where "*" matches one id: it returns the ids in order. A path of
// another shape does not match (ok false: answer 404); a path of the
// pattern's shape whose id is not valid UTF-8 or is longer than MaxIDLen
// is a 400 Problem naming the segment, so no such id reaches a store.
func Match(subpath, pattern string) (ids []string, ok bool, err error) {
	segs := strings.Split(strings.Trim(subpath, "/"), "/")
	want := strings.Split(pattern, "/")
	if len(segs) != len(want) {
		return nil, false, nil
	}
	for i, w := range want {
		switch {
		case w == "*" && segs[i] != "":
			ids = append(ids, segs[i])
		case w != segs[i]:
			return nil, false, nil
		}
	}
	for i, id := range ids {
		if err := CheckID(fmt.Sprintf("path id %d", i+1), id); err != nil {
			return nil, true, err
		}
	}
	return ids, true, nil
}

// CheckID is a 400 Problem naming field when id is empty, not valid
// UTF-8, or longer than MaxIDLen; nil otherwise.
func CheckID(field, id string) error {
	switch {
	case id == "":
		return Invalid(field, "required")
	case !utf8.ValidString(id):
		return Invalid(field, "not valid UTF-8")
	case len(id) > MaxIDLen:
		return Invalid(field, fmt.Sprintf("longer than %d bytes", MaxIDLen))
	}
	return nil
}
