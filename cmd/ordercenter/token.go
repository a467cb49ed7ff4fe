package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ordercenter/ordercenter/cmd/internal/runner"
	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// token prints a development JWT signed with the current key of the
// jwt-secret the runner uses (writing fresh development secrets first if
// there are none). It refuses a --ttl longer than MAX_TOKEN_TTL, which the
// functions would refuse.
func token(args []string, stdout, stderr io.Writer) int {
	return tokenWith(args, os.Getenv, stdout, stderr)
}

// tokenWith is token reading the environment through getenv.
func tokenWith(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "user", "user, merchant, rider or service")
	sub := fs.String("sub", "", "the principal's id (required)")
	store := fs.String("store", "", "the merchant's store id")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid, at most MAX_TOKEN_TTL")
	data := fs.String("data", runner.DefaultDataDir, "the runner's data directory")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	env, err := environment(getenv, *data)
	if err != nil {
		fmt.Fprintln(stderr, "ordercenter token:", err)
		return 2
	}
	if *ttl > env.MaxTokenTTL {
		fmt.Fprintf(stderr, "ordercenter token: --ttl %v is longer than MAX_TOKEN_TTL (%v): the functions would refuse the token\n",
			*ttl, env.MaxTokenTTL)
		return 2
	}
	tok, err := signToken(*role, *sub, *store, *ttl, env.SecretsDir)
	if err != nil {
		fmt.Fprintln(stderr, "ordercenter token:", err)
		return 2
	}
	fmt.Fprintln(stdout, tok)
	return 0
}

// environment reads the configuration the runner's functions read, with
// the runner's default for SECRETS_DIR: <data>/secrets.
func environment(getenv func(string) string, data string) (app.Config, error) {
	env, err := app.LoadConfig(func(name string) string {
		if v := getenv(name); v != "" || name != "SECRETS_DIR" {
			return v
		}
		return filepath.Join(data, "secrets")
	})
	if err != nil {
		return env, fmt.Errorf("environment: %w", err)
	}
	return env, nil
}

// signToken signs a token for the principal with the first line of the
// jwt-secret in dir.
func signToken(roleName, sub, store string, ttl time.Duration, dir string) (string, error) {
	role, err := auth.ParseRole(roleName)
	if err != nil {
		return "", err
	}
	if _, err := secrets.EnsureDev(dir); err != nil {
		return "", err
	}
	secret, err := secrets.Current(dir, secrets.JWTSecret)
	if err != nil {
		return "", err
	}
	return auth.Sign(secret, auth.Principal{Subject: sub, Role: role, StoreID: store}, ttl, time.Now())
}
