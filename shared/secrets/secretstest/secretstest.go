// Package secretstest writes secret files for tests, as OpenFaaS mounts
// them: one file per secret in a directory of the test's own.
package secretstest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir writes each file (name → content, written as given) into a fresh
// directory, removed when the test ends, and returns it: the SECRETS_DIR
// of the code under test.
func Dir[V ~string | ~[]byte](t testing.TB, files map[string]V) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
