package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisServer is a redis-server child process bound to 127.0.0.1 that
// keeps its data in an append-only file under a directory, written and
// fsync'd before each answer (appendfsync always): an answered write
// survives a crash of the process and of the machine.
type RedisServer struct {
	cmd     *exec.Cmd
	url     string
	version string
	log     *slog.Logger
	// exited is closed when the process has exited; waitErr says how.
	exited  chan struct{}
	waitErr error
	output  *tail
	// closing is closed by Close, once.
	closing   chan struct{}
	closeOnce sync.Once
}

// RedisServerOptions configure StartRedisServer.
type RedisServerOptions struct {
	// Binary is the redis-server to run (FindRedisServer finds one).
	Binary string
	// Dir holds the data; created when missing.
	Dir string
	// Logger receives the server's own output (debug) and an unexpected
	// exit (error); slog.Default when nil.
	Logger *slog.Logger
}

// redisReadyTimeout bounds the wait for a starting server, loading a large
// append-only file included.
const redisReadyTimeout = 30 * time.Second

// FindRedisServer is the path of redis-server on PATH, or "" when there
// is none.
func FindRedisServer() string {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		return ""
	}
	return path
}

// StartRedisServer starts redis-server on a free loopback port with its
// data in opts.Dir and waits until it answers (or ctx ends). The child is
// in a process group of its own (a Ctrl-C meant for the caller does not
// stop it under calls in flight) and is killed if the calling process dies.
func StartRedisServer(ctx context.Context, opts RedisServerOptions) (*RedisServer, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("redis-server: %w", err)
	}
	var err error
	// The free port may be taken by another process before redis-server
	// binds it: try again on another.
	for range 3 {
		var s *RedisServer
		if s, err = startRedisServer(ctx, opts); err == nil || ctx.Err() != nil {
			return s, err
		}
	}
	return nil, err
}

func startRedisServer(ctx context.Context, opts RedisServerOptions) (*RedisServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("redis-server: %w", err)
	}
	s := &RedisServer{url: "redis://127.0.0.1:" + strconv.Itoa(port), log: opts.Logger,
		exited: make(chan struct{}), output: newTail(4096, opts.Logger), closing: make(chan struct{})}
	s.cmd = exec.Command(opts.Binary, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--dir", opts.Dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
		"--daemonize", "no", "--logfile", "", "--loglevel", "notice")
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	started := make(chan error, 1)
	go s.run(started)
	if err := <-started; err != nil {
		return nil, fmt.Errorf("redis-server: %w", err)
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.Close(context.Background())
		return nil, err
	}
	go s.watch()
	return s, nil
}

// run starts the child and waits for it. Pdeathsig is tied to the thread
// that started the child, not to the process: this goroutine keeps its
// thread for as long as the child lives.
func (s *RedisServer) run(started chan<- error) {
	runtime.LockOSThread()
	err := s.cmd.Start()
	started <- err
	if err != nil {
		close(s.exited)
		return
	}
	s.waitErr = s.cmd.Wait()
	close(s.exited)
}

// waitReady pings until the server answers (it answers LOADING while it
// reads its file), failing early when the process exits.
func (s *RedisServer) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, redisReadyTimeout)
	defer cancel()
	c := redis.NewClient(&redis.Options{Addr: s.url[len("redis://"):], MaxRetries: -1,
		DialTimeout: time.Second, ReadTimeout: time.Second})
	defer c.Close()
	for {
		info, err := c.InfoMap(ctx, "server").Result()
		if err == nil {
			s.version = info["Server"]["redis_version"]
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("redis-server exited at start (%v): %s", s.waitErr, s.output)
		case <-ctx.Done():
			return fmt.Errorf("redis-server not ready: %w (last: %v): %s", ctx.Err(), err, s.output)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// watch reports an exit that Close did not ask for.
func (s *RedisServer) watch() {
	select {
	case <-s.exited:
		s.log.Error("redis-server exited on its own; Redis calls fail until the runner is restarted",
			"err", s.waitErr, "output", s.output.String())
	case <-s.closing:
	}
}

// URL is where clients connect, as a redis:// URL.
func (s *RedisServer) URL() string { return s.url }

// Version is the server's version, as it reports it.
func (s *RedisServer) Version() string { return s.version }

// Close asks the server to stop (SIGTERM: it flushes its file and exits)
// and waits for it until ctx ends or 10 s pass, then kills it.
func (s *RedisServer) Close(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.closing) })
	select {
	case <-s.exited:
		return s.exitError()
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	select {
	case <-s.exited:
		return s.exitError()
	case <-ctx.Done():
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("redis-server killed: it did not stop in time: %s", s.output)
	}
}

func (s *RedisServer) exitError() error {
	if s.waitErr != nil {
		return fmt.Errorf("redis-server: %w: %s", s.waitErr, s.output)
	}
	return nil
}

// freePort is a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("free port: not a TCP address")
	}
	return addr.Port, nil
}
