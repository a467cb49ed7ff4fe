package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ordercenter/ordercenter/cmd/ordercenter/internal/runner"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// token prints a development JWT signed with the jwt-secret the runner uses
// (writing fresh development secrets first if there are none).
func token(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "user", "user, merchant, rider or service")
	sub := fs.String("sub", "", "the principal's id (required)")
	store := fs.String("store", "", "the merchant's store id")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	data := fs.String("data", runner.DefaultDataDir, "the runner's data directory")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	tok, err := signToken(*role, *sub, *store, *ttl, secretsDir(*data))
	if err != nil {
		fmt.Fprintln(stderr, "ordercenter token:", err)
		return 2
	}
	fmt.Fprintln(stdout, tok)
	return 0
}

func secretsDir(data string) string {
	if dir := os.Getenv("SECRETS_DIR"); dir != "" {
		return dir
	}
	return filepath.Join(data, "secrets")
}

func signToken(roleName, sub, store string, ttl time.Duration, dir string) (string, error) {
	role, err := auth.ParseRole(roleName)
	if err != nil {
		return "", err
	}
	if _, err := secrets.EnsureDev(dir); err != nil {
		return "", err
	}
	secret, err := secrets.Read(dir, secrets.JWTSecret)
	if err != nil {
		return "", err
	}
	return auth.Sign(secret, auth.Principal{Subject: sub, Role: role, StoreID: store}, ttl, time.Now())
}
