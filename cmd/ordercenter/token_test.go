package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func TestTokenSignsWithTheFirstLineWithinMaxTokenTTL(t *testing.T) {
	current, previous := strings.Repeat("c", 32), strings.Repeat("p", 32)
	data := t.TempDir()
	dir := filepath.Join(data, "secrets")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, secrets.JWTSecret), []byte(current+"\n"+previous+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	onlyCurrent, _ := auth.NewVerifier([]byte(current))
	tests := []struct {
		name    string
		env     map[string]string
		ttl     string
		ok      bool
		message string
	}{
		{"the default ttl", nil, "", true, ""},
		{"the default maximum", nil, "24h", true, ""},
		{"over the default maximum", nil, "24h1s", false, "--ttl 24h0m1s is longer than MAX_TOKEN_TTL (24h0m0s)"},
		{"a higher maximum", map[string]string{"MAX_TOKEN_TTL": "48h"}, "25h", true, ""},
		{"a lower maximum", map[string]string{"MAX_TOKEN_TTL": "30m"}, "", false, "longer than MAX_TOKEN_TTL (30m0s)"},
		{"a malformed maximum", map[string]string{"MAX_TOKEN_TTL": "soon"}, "", false, "MAX_TOKEN_TTL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--sub", "u-1", "--data", data}
			if tt.ttl != "" {
				args = append(args, "--ttl", tt.ttl)
			}
			var stdout, stderr bytes.Buffer
			code := tokenWith(args, func(name string) string { return tt.env[name] }, &stdout, &stderr)
			if !tt.ok {
				if code != 2 || stdout.Len() != 0 || !strings.Contains(stderr.String(), tt.message) {
					t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout.String(), stderr.String(), tt.message)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			header := "Bearer " + strings.TrimSpace(stdout.String())
			// Within a maximum as long as the command allowed.
			if _, err := onlyCurrent.WithMaxTTL(48*time.Hour).Verify(header, time.Now()); err != nil {
				t.Errorf("the token is not signed with the first line: %v", err)
			}
		})
	}
}
