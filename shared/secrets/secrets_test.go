package secrets_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "lf", "abc\n")
	write(t, dir, "crlf", "abc\r\n")
	write(t, dir, "bare", "abc")
	write(t, dir, "inner", " a b \nc\n\n")
	write(t, dir, "empty", "")
	write(t, dir, "blank", "\n\r\n")
	tests := []struct {
		name    string
		want    string
		wantErr error
	}{
		{"lf", "abc", nil},
		{"crlf", "abc", nil},
		{"bare", "abc", nil},
		{"inner", " a b \nc", nil},
		{"empty", "", secrets.ErrEmpty},
		{"blank", "", secrets.ErrEmpty},
		{"absent", "", secrets.ErrMissing},
		{"", "", secrets.ErrInvalidName},
		{".", "", secrets.ErrInvalidName},
		{"..", "", secrets.ErrInvalidName},
		{"../lf", "", secrets.ErrInvalidName},
		{"sub/lf", "", secrets.ErrInvalidName},
		{`sub\lf`, "", secrets.ErrInvalidName},
		{"lf\x00", "", secrets.ErrInvalidName},
	}
	for _, tt := range tests {
		got, err := secrets.Read(dir, tt.name)
		if !errors.Is(err, tt.wantErr) || string(got) != tt.want {
			t.Errorf("Read(%q) = %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestReadUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := secrets.Read(dir, "adir")
	if err == nil || errors.Is(err, secrets.ErrMissing) {
		t.Errorf("Read of a directory = %v, want an error other than ErrMissing", err)
	}
}

func TestNames(t *testing.T) {
	want := []string{"jwt-secret", "payment-webhook-secret", "payment-api-key", "event-signing-secret"}
	got := secrets.Names()
	if len(got) != len(want) {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Names()[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOptionalNamesAreNotDevSecrets(t *testing.T) {
	for _, name := range secrets.Optional() {
		if slices.Contains(secrets.Names(), name) {
			t.Errorf("%s is both needed and optional", name)
		}
	}
}
