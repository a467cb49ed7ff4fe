package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/openfaas/go-sdk/stack"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// stage writes the secrets and each function's environment and secrets
// directory, as an OpenFaaS deployment of the stack would give them.
func stage(args []string) error {
	fs := flag.NewFlagSet("stage", flag.ContinueOnError)
	stackFile := fs.String("stack", "stack.yml", "the stack file")
	secretsDir := fs.String("secrets", "", "where the fresh secrets are written (required)")
	out := fs.String("out", "", "where each function's env and secrets go (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *secretsDir == "" || *out == "" {
		return fmt.Errorf("-secrets and -out are required")
	}
	if _, err := secrets.EnsureDev(*secretsDir); err != nil {
		return err
	}
	services, err := stack.ParseYAMLFile(*stackFile, "", "", true)
	if err != nil {
		return fmt.Errorf("stack file %s: %w", *stackFile, err)
	}
	for name, fn := range services.Functions {
		if err := stageFunction(filepath.Join(*out, name), *secretsDir, fn); err != nil {
			return fmt.Errorf("function %s: %w", name, err)
		}
	}
	return nil
}

// stageFunction writes dir/env (KEY=VALUE lines, sorted, SECRETS_DIR last)
// and dir/secrets with copies of the function's secrets.
func stageFunction(dir, secretsDir string, fn stack.Function) error {
	own := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(own, 0o700); err != nil {
		return err
	}
	for _, s := range fn.Secrets {
		raw, err := os.ReadFile(filepath.Join(secretsDir, s))
		if err != nil {
			return fmt.Errorf("secret %s: %w", s, err)
		}
		if err := os.WriteFile(filepath.Join(own, s), raw, 0o600); err != nil {
			return err
		}
	}
	var lines []string
	for k, v := range fn.Environment {
		if strings.ContainsAny(v, "\n") {
			return fmt.Errorf("variable %s spans lines", k)
		}
		lines = append(lines, k+"="+v)
	}
	sort.Strings(lines)
	lines = append(lines, "SECRETS_DIR="+own)
	return os.WriteFile(filepath.Join(dir, "env"), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}
