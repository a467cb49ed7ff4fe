package platform

import (
	"context"
	"errors"
	"testing"
)

func TestLazyRetriesAFailedBuild(t *testing.T) {
	calls := 0
	l := NewLazy(func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("down")
		}
		return 42, nil
	})
	if _, err := l.Get(context.Background()); err == nil {
		t.Fatal("first build should fail")
	}
	for range 3 {
		if v, err := l.Get(context.Background()); err != nil || v != 42 {
			t.Fatalf("got %d, %v", v, err)
		}
	}
	if calls != 2 {
		t.Errorf("built %d times, want 2", calls)
	}
}

func TestStoreFromEnvironment(t *testing.T) {
	env := map[string]string{"DYNAMODB_ENDPOINT": "http://127.0.0.1:1"}
	if _, err := Store(func(k string) string { return env[k] }); err != nil {
		t.Fatalf("store: %v", err)
	}
	env["DYNAMODB_TABLE"] = "x" // too short for DynamoDB
	if _, err := Store(func(k string) string { return env[k] }); err == nil {
		t.Fatal("a table name DynamoDB refuses was accepted")
	}
}
