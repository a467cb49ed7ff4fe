package secrets

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DevSecretSize is the number of random bytes in a development secret;
// the file holds them hex-encoded.
const DevSecretSize = 32

// EnsureDev writes a fresh random development secret into dir for each of
// Names that has no file there, and returns the names it wrote. It is for
// the local runner (contract section 14), never for a deployment.
//
// dir is created with mode 0700 when it does not exist; an existing
// directory is left as it is. Each secret is written with mode 0600 and
// linked into place only if no file of that name exists, so EnsureDev never
// overwrites a secret, even one written concurrently, and a crash never
// leaves a half-written one behind.
func EnsureDev(dir string) (created []string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("ensure dev secrets: %w", err)
	}
	for _, name := range Names() {
		ok, err := writeNew(dir, name)
		if err != nil {
			return created, fmt.Errorf("ensure dev secret %s: %w", name, err)
		}
		if ok {
			created = append(created, name)
		}
	}
	return created, nil
}

// writeNew writes a random secret to a temporary file in dir and links it
// to name. It reports false, without error, when name already exists.
func writeNew(dir, name string) (bool, error) {
	target := filepath.Join(dir, name)
	if _, err := os.Lstat(target); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	tmp, err := writeTemp(dir)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, target); errors.Is(err, fs.ErrExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, nil
}

// writeTemp writes a fresh random secret to a new file of mode 0600 in dir
// and returns its path.
func writeTemp(dir string) (string, error) {
	raw := make([]byte, DevSecretSize)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	f, err := os.CreateTemp(dir, ".dev-secret-*")
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(hex.EncodeToString(raw) + "\n")
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
