package telemetry

import (
	"strings"
	"testing"
)

func TestMaskPhones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"13800001234", "138****1234"},
		{"call 13800001234 now", "call 138****1234 now"},
		{"+8613800001234", "+861****1234"},
		{"tel:13800001234,13900005678", "tel:138****1234,139****5678"},
		{"1234567", "****567"},
		{"12345678", "****5678"},
		{"123456", "123456"},
		{"amount 5800 on 2025-03-14", "amount 5800 on 2025-03-14"},
		{"138 0000 1234", "138 0000 1234"},
		{"手机13800001234", "手机138****1234"},
	}
	for _, tt := range tests {
		if got := MaskPhones(tt.in); got != tt.want {
			t.Errorf("MaskPhones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMaskPhones(f *testing.F) {
	for _, s := range []string{"", "13800001234", "a1234567b", "+86 13800001234", "12-345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := MaskPhones(s)
		if hasPhone(got) {
			t.Fatalf("MaskPhones(%q) = %q still holds a phone", s, got)
		}
		if again := MaskPhones(got); again != got {
			t.Fatalf("MaskPhones not stable: %q then %q", got, again)
		}
		if strip(got) != strip(s) {
			t.Fatalf("MaskPhones(%q) = %q changed more than digits", s, got)
		}
	})
}

// strip drops digits and stars, what masking may change.
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '*' || ('0' <= r && r <= '9') {
			return -1
		}
		return r
	}, s)
}

func BenchmarkMaskPhones(b *testing.B) {
	b.Run("clean", func(b *testing.B) {
		for b.Loop() {
			MaskPhones("order 01jq3v8k2m placed by u-1 for 5800")
		}
	})
	b.Run("phone", func(b *testing.B) {
		for b.Loop() {
			MaskPhones("deliver to Li at 13800001234, gate 3")
		}
	})
}
