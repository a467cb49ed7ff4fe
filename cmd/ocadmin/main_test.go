package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv/dynamokv"
)

// call runs ocadmin with args and an environment of vars only.
func call(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	code = run(t.Context(), args, e)
	return code, out.String(), errOut.String()
}

// TestUsage: wrong calls exit 2 and say why; help exits 0.
func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "create-table"},
		{[]string{"frob"}, 2, `unknown command "frob"`},
		{[]string{"help"}, 0, "create-table"},
		{[]string{"create-table", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"create-table", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"create-table", "-h"}, 0, "-endpoint"},
		{[]string{"create-table", "--endpoint", "localhost:8000"}, 1, "must be an http or https URL"},
	} {
		code, stdout, stderr := call(t, nil, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("ocadmin %q: exit %d, output %q; want exit %d and %q", c.args, code, stdout+stderr, c.code, c.want)
		}
	}
}

// TestCreateTableUnreachable: a server that is not there is a failure with
// a message that says so, soon.
func TestCreateTableUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	l.Close()
	start := time.Now()
	code, _, stderr := call(t, map[string]string{"DYNAMODB_ENDPOINT": endpoint}, "create-table")
	if code != 1 || !strings.Contains(stderr, "unavailable") || !strings.Contains(stderr, endpoint) {
		t.Errorf("exit %d, stderr %q; want 1 and a message naming the endpoint", code, stderr)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestCreateTable creates a table from the environment's settings, then
// finds it there; it needs a server at DYNAMODB_ENDPOINT.
func TestCreateTable(t *testing.T) {
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DYNAMODB_ENDPOINT is not set: no DynamoDB-compatible server to test against")
	}
	table := "ocadmin-" + strings.ToLower(rand.Text()[:16])
	vars := map[string]string{"DYNAMODB_ENDPOINT": endpoint, "DYNAMODB_TABLE": table}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		s, err := dynamokv.New(dynamokv.Config{Endpoint: endpoint, Table: table})
		if err == nil {
			err = s.DeleteTable(ctx)
		}
		if err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	for _, want := range []string{"created table", "table already exists"} {
		code, stdout, stderr := call(t, vars, "create-table")
		if code != 0 || !strings.Contains(stdout, want) || !strings.Contains(stdout, table) {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0 and %q", code, stdout, stderr, want)
		}
	}
}

func TestCreateStreamsTwice(t *testing.T) {
	srv := eventstest.Start(t)
	for range 2 {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"create-streams", "--nats-url", srv.URL()},
			env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
		if code != 0 || !strings.Contains(out.String(), "stream ORDER_EVENTS") {
			t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
		}
	}
}
