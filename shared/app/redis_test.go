package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// redisDeps are Deps of the environment e, with the secret files, that
// log to log.
func redisDeps(t *testing.T, e env, files map[string]string, log *strings.Builder) *Deps {
	t.Helper()
	e["SECRETS_DIR"] = secretstest.Dir(t, files)
	cfg, err := LoadConfig(e.get)
	if err != nil {
		t.Fatal(err)
	}
	d := New("test", cfg, WithLogger(slog.New(slog.NewTextHandler(log, nil))))
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func TestRedisWithTheSecretFiles(t *testing.T) {
	s := redistest.TLS(t)
	url := env{"REDIS_URL": "rediss://" + s.Addr}
	secrets := func(password string) map[string]string {
		return map[string]string{"redis-username": s.User, "redis-password": password, "redis-ca.crt": string(s.CA.PEM)}
	}
	var log strings.Builder
	rdb, err := redisDeps(t, url, secrets(s.Password), &log).Redis()
	if err != nil {
		t.Fatal(err)
	}
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	_, err = redisDeps(t, url, secrets("wrong"), &log).Redis()
	if !errors.Is(err, redisclient.ErrRefused) || !strings.Contains(err.Error(), "WRONGPASS") {
		t.Fatalf("a wrong password: %v, want a refusal at build", err)
	}
}

func TestRedisPasswordInTheURLIsRefused(t *testing.T) {
	var log strings.Builder
	_, err := redisDeps(t, env{"REDIS_URL": "redis://u:hunter2@127.0.0.1:6379"}, nil, &log).Redis()
	if err == nil || !strings.Contains(err.Error(), "secret redis-password") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("a password in REDIS_URL: %v", err)
	}
}

func TestUnreachableRedisIsBuiltWithAWarning(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	var log strings.Builder
	d := redisDeps(t, env{"REDIS_CLUSTER_ADDRS": addr}, nil, &log)
	if _, err := d.Redis(); err != nil {
		t.Fatalf("an unreachable Redis: %v, want it built", err)
	}
	if !strings.Contains(log.String(), "not reachable") {
		t.Fatalf("no warning: %s", log.String())
	}
}
