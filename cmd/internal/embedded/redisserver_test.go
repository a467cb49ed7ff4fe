package embedded

import (
	"context"
	"log/slog"
	"strings"
	"syscall"
	"testing"
)

func runRedisServer(t *testing.T, dir string) *RedisServer {
	t.Helper()
	bin := FindRedisServer()
	if bin == "" {
		t.Skip("no redis-server on PATH")
	}
	s, err := StartRedisServer(context.Background(), RedisServerOptions{Binary: bin, Dir: dir,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// The data survives a stop and a SIGKILL: every answered write is in the
// append-only file.
func TestRedisServerKeepsDataAcrossRestartsAndKills(t *testing.T) {
	dir := t.TempDir()
	s := runRedisServer(t, dir)
	if s.Version() == "" {
		t.Error("no version")
	}
	fill(t, s.URL())
	want := dump(t, s.URL())
	if err := s.Close(context.Background()); err != nil {
		t.Fatalf("close: %v", err)
	}

	s = runRedisServer(t, dir)
	if got := dump(t, s.URL()); got != want {
		t.Fatalf("after a restart:\n%s\nwant:\n%s", got, want)
	}
	if err := client(t, s.URL()).Set(context.Background(), "answered", "just before the kill", 0).Err(); err != nil {
		t.Fatal(err)
	}
	want = dump(t, s.URL())
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.exited

	s = runRedisServer(t, dir)
	if got := dump(t, s.URL()); got != want {
		t.Fatalf("after a SIGKILL:\n%s\nwant:\n%s", got, want)
	}
}

// The server is in a process group of its own: a Ctrl-C at the terminal
// reaches the runner, which drains its calls before it stops Redis.
func TestRedisServerHasItsOwnProcessGroup(t *testing.T) {
	s := runRedisServer(t, t.TempDir())
	pgid, err := syscall.Getpgid(s.cmd.Process.Pid)
	if err != nil || pgid == syscall.Getpgrp() {
		t.Fatalf("process group %d (%v), ours %d", pgid, err, syscall.Getpgrp())
	}
}

func TestRedisServerThatCannotStartSaysWhy(t *testing.T) {
	bin := FindRedisServer()
	if bin == "" {
		t.Skip("no redis-server on PATH")
	}
	_, err := StartRedisServer(context.Background(), RedisServerOptions{Binary: bin, Dir: "/proc/no-such-dir"})
	if err == nil {
		t.Fatal("started")
	}
	_, err = StartRedisServer(context.Background(), RedisServerOptions{Binary: "/bin/false", Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "exited at start") {
		t.Fatalf("err %v", err)
	}
}
