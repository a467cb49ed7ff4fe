package secrets

import (
	"bytes"
	"fmt"
)

// ParseLines returns the keys of a secret file that holds one key a line:
// surrounding spaces (and the CR of a CRLF line end) trimmed, blank lines
// and lines starting with # skipped. By convention the first key is the
// current one, the one to sign with; the others are kept while a rotation
// completes, and verifiers accept any. It returns nil when the content
// holds no key. The keys returned do not share memory with content.
func ParseLines(content []byte) [][]byte {
	var keys [][]byte
	for line := range bytes.Lines(content) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		keys = append(keys, bytes.Clone(line))
	}
	return keys
}

// Lines returns the keys of the secret name in dir, as ParseLines reads
// them, the current one first. Its errors are those of Read, and ErrEmpty
// when the file holds no key.
func Lines(dir, name string) ([][]byte, error) {
	b, err := Read(dir, name)
	if err != nil {
		return nil, err
	}
	keys := ParseLines(b)
	if len(keys) == 0 {
		return nil, fmt.Errorf("read secret %s in %s: %w", name, dir, ErrEmpty)
	}
	return keys, nil
}

// Current returns the first key of the secret name in dir (see Lines):
// the one to sign with. Its errors are those of Lines.
func Current(dir, name string) ([]byte, error) {
	keys, err := Lines(dir, name)
	if err != nil {
		return nil, err
	}
	return keys[0], nil
}
