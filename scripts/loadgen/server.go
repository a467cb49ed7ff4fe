package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	placeorder "github.com/ordercenter/ordercenter/functions/place-order"
	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/boltkv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// orderCenter is a throwaway order center serving place-order.
type orderCenter struct {
	URL     string
	closers []func()
}

// Close stops everything, newest first.
func (o *orderCenter) Close() {
	for i := len(o.closers) - 1; i >= 0; i-- {
		o.closers[i]()
	}
}

// startServer wires place-order as the local runner does, over data,
// with cat as the catalog.
func startServer(data string, cat *builtin.Catalog) (*orderCenter, error) {
	o := &orderCenter{}
	dir := filepath.Join(data, "secrets")
	if _, err := secrets.EnsureDev(dir); err != nil {
		return nil, err
	}
	store, err := boltkv.Open(filepath.Join(data, "store.db"), boltkv.Options{})
	if err != nil {
		return nil, err
	}
	o.closers = append(o.closers, func() { _ = store.Close() })
	pub, err := startNATS(o, filepath.Join(data, "nats"))
	if err != nil {
		o.Close()
		return nil, err
	}
	rdb, err := startRedis(o)
	if err != nil {
		o.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		o.Close()
		return nil, err
	}
	o.URL = "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.Handle("/sandbox/catalog/", http.StripPrefix("/sandbox/catalog", cat.Handler()))
	client, _ := catalog.New(o.URL + "/sandbox/catalog")
	authn, err := httpapi.AuthenticatorFromSecrets(dir, 0)
	if err != nil {
		o.Close()
		return nil, err
	}
	cfg := placeorder.DefaultConfig()
	cfg.PerUser, cfg.PerAddress, cfg.MaxUnpaid = ratelimit.Limit{}, ratelimit.Limit{}, 0
	fn, err := placeorder.New(placeorder.Deps{Orders: orderstore.New(store, orderstore.Options{Publisher: pub}),
		Catalog: client, Redis: rdb, Auth: authn, Config: cfg})
	if err != nil {
		o.Close()
		return nil, err
	}
	mux.Handle("/function/place-order", gateway(fn))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	o.closers = append(o.closers, func() { _ = srv.Close() })
	log.Printf("order center at %s (data %s)", o.URL, data)
	return o, nil
}

// gateway forwards a call as the runner's gateway does, through the one
// net/http adapter (httpapi.Server): the body read (up to 1 MiB), the
// caller's address appended to X-Forwarded-For, a 30 s limit.
func gateway(fn handler.FunctionHandler) http.Handler {
	return &httpapi.Server{Invoker: httpapi.Invoker{Name: "place-order", Timeout: 30 * time.Second},
		Function: fn, Subpath: func(*http.Request) string { return "/" }, AppendPeer: true}
}

func startNATS(o *orderCenter, dir string) (*events.Publisher, error) {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: dir, NoSigs: true, NoLog: true})
	if err != nil {
		return nil, err
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		return nil, fmt.Errorf("nats not ready")
	}
	o.closers = append(o.closers, srv.Shutdown)
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		return nil, err
	}
	o.closers = append(o.closers, nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	if err := events.Setup(context.Background(), js, events.StreamOptions{}); err != nil {
		return nil, err
	}
	return events.NewPublisher(nc, nil)
}

// startRedis connects to REDIS_URL, else starts a redis-server on a free
// loopback port, else an in-process miniredis (as the runner does).
func startRedis(o *orderCenter) (*redis.Client, error) {
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = startRedisServer(o)
	}
	if url == "" {
		m := miniredis.NewMiniRedis()
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return nil, err
		}
		o.closers = append(o.closers, m.Close)
		url = "redis://" + m.Addr()
		log.Printf("redis: in-process miniredis")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	opts.PoolSize = 128
	return redis.NewClient(opts), nil
}

func startRedisServer(o *orderCenter) string {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return ""
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return ""
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return ""
	}
	o.closers = append(o.closers, func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := fmt.Sprintf("redis://127.0.0.1:%d", port)
	for range 100 {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			log.Printf("redis: redis-server at %s", url)
			return url
		}
		time.Sleep(20 * time.Millisecond)
	}
	return ""
}
