package secrets_test

import (
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestParseLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one without newline", "s1", []string{"s1"}},
		{"rotation", "new\nold\n", []string{"new", "old"}},
		{"crlf and spaces", "  new \r\n\told\t\r\n", []string{"new", "old"}},
		{"comments and blanks", "# current first\n\nnew\n   \n  # old one\nold\n", []string{"new", "old"}},
		{"only comments", "# nothing\n#\n", nil},
		{"hash inside kept", "a#b\n", []string{"a#b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := secrets.ParseLines([]byte(tt.in))
			if len(got) != len(tt.want) {
				t.Fatalf("ParseLines(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if string(got[i]) != tt.want[i] {
					t.Fatalf("ParseLines(%q)[%d] = %q, want %q", tt.in, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseLinesDoesNotAlias(t *testing.T) {
	in := []byte("abc\n")
	got := secrets.ParseLines(in)
	in[0] = 'X'
	if string(got[0]) != "abc" {
		t.Fatalf("key changed with the file buffer: %q", got[0])
	}
}

func TestLinesAndCurrent(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, secrets.JWTSecret, "# rotated on 1 June\nnew-key\r\n\n  \nold-key\n")
	write(t, dir, "blank", "\n \n")
	write(t, dir, "comments", "# nothing yet\n")
	got, err := secrets.Lines(dir, secrets.JWTSecret)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got[0]) != "new-key" || string(got[1]) != "old-key" {
		t.Errorf("Lines = %q, want [new-key old-key]", got)
	}
	if cur, err := secrets.Current(dir, secrets.JWTSecret); err != nil || string(cur) != "new-key" {
		t.Errorf("Current = %q, %v; want new-key", cur, err)
	}
	for _, name := range []string{"blank", "comments"} {
		if _, err := secrets.Lines(dir, name); !errors.Is(err, secrets.ErrEmpty) {
			t.Errorf("Lines(%s) error = %v, want ErrEmpty", name, err)
		}
		if _, err := secrets.Current(dir, name); !errors.Is(err, secrets.ErrEmpty) {
			t.Errorf("Current(%s) error = %v, want ErrEmpty", name, err)
		}
	}
	if _, err := secrets.Lines(dir, "absent"); !errors.Is(err, secrets.ErrMissing) {
		t.Errorf("Lines(absent) error = %v, want ErrMissing", err)
	}
}
