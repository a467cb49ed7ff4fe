package secrets_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestEnsureDevCreatesAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "secrets")
	created, err := secrets.EnsureDev(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(created, secrets.Names()) {
		t.Errorf("created = %q, want %q", created, secrets.Names())
	}
	assertMode(t, dir, 0o700)
	seen := map[string]bool{}
	for _, name := range secrets.Names() {
		assertMode(t, filepath.Join(dir, name), 0o600)
		b, err := secrets.Read(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := hex.DecodeString(string(b))
		if err != nil || len(raw) != secrets.DevSecretSize {
			t.Errorf("%s = %q: want %d hex-encoded bytes (%v)", name, b, secrets.DevSecretSize, err)
		}
		if seen[string(b)] {
			t.Errorf("%s repeats another secret", name)
		}
		seen[string(b)] = true
	}
	assertOnlySecrets(t, dir)
}

func TestEnsureDevKeepsExisting(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, secrets.JWTSecret, "operator-chosen\n")
	write(t, dir, secrets.PaymentAPIKey, "") // present, even if empty
	created, err := secrets.EnsureDev(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(created, []string{secrets.PaymentWebhookSecret, secrets.EventSigningSecret}) {
		t.Errorf("created = %q, want only the missing ones", created)
	}
	if b, _ := secrets.Read(dir, secrets.JWTSecret); string(b) != "operator-chosen" {
		t.Errorf("jwt-secret overwritten: %q", b)
	}
	before, _ := secrets.Read(dir, secrets.PaymentWebhookSecret)
	again, err := secrets.EnsureDev(dir)
	if err != nil || len(again) != 0 {
		t.Errorf("second EnsureDev = %q, %v; want nothing created", again, err)
	}
	if after, _ := secrets.Read(dir, secrets.PaymentWebhookSecret); string(after) != string(before) {
		t.Errorf("second EnsureDev changed %s", secrets.PaymentWebhookSecret)
	}
	assertOnlySecrets(t, dir)
}

func TestEnsureDevConcurrent(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var all []string
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			created, err := secrets.EnsureDev(dir)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			all = append(all, created...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(all)
	want := slices.Sorted(slices.Values(secrets.Names()))
	if !slices.Equal(all, want) {
		t.Errorf("created across goroutines = %q, want each name once", all)
	}
	assertOnlySecrets(t, dir)
}

func TestEnsureDevUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	write(t, filepath.Dir(file), "not-a-dir", "x")
	if _, err := secrets.EnsureDev(file); err == nil {
		t.Error("EnsureDev over a file succeeded")
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode = %v, want %v", path, got, want)
	}
}

// assertOnlySecrets checks that no temporary file was left behind.
func assertOnlySecrets(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(secrets.Names(), e.Name()) {
			t.Errorf("unexpected file %s left in %s", e.Name(), dir)
		}
	}
}
