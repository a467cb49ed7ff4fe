// Command loadgen measures place-order under concurrent load: it fires N
// place-order calls, C at a time, each of a distinct user with its own
// Idempotency-Key, at a running order center, and prints the throughput,
// the latency percentiles and the answers by status.
//
//	go run ./scripts/loadgen -url http://127.0.0.1:8080 -secrets .data/secrets -n 20000 -c 64
//
// With -serve it first starts a throwaway order center of its own on a
// loopback port: place-order wired as the runner wires it (the embedded
// store on disk with every commit fsync'd, an embedded NATS server with
// JetStream, Redis at REDIS_URL or a redis-server it starts, the
// built-in demo catalog), behind a gateway that forwards calls as the
// runner's does. The rate limits are off (every call comes from one
// address) and so is the cap on unpaid orders.
//
//	go run ./scripts/loadgen -serve -n 20000 -c 64
//
// The demo orders hold no limited stock. With -limited (and -serve) each
// order also takes one unit of a limited item whose daily limit is -n,
// from a load store served instead of the demo catalog: every order can
// succeed, and each takes its unit through the stock reservation.
//
// It only ever calls loopback addresses it is given or starts; every run
// is bounded by -n and -timeout.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func main() {
	url := flag.String("url", "", "base URL of a running order center (loopback)")
	secrets := flag.String("secrets", ".data/secrets", "directory holding the order center's jwt-secret")
	serve := flag.Bool("serve", false, "start a throwaway order center in this process and load it")
	data := flag.String("data", "", "data directory for -serve (default: a fresh temporary one)")
	n := flag.Int("n", 10000, "calls to make")
	c := flag.Int("c", 64, "calls in flight at once")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	limited := flag.Bool("limited", false, "with -serve: each order also takes a unit of a limited item (daily_limit -n)")
	flag.Parse()
	if *limited && !*serve {
		log.Fatal("-limited needs -serve (it serves its own catalog)")
	}
	if err := run(*url, *secrets, *serve, *data, *n, *c, *timeout, *limited); err != nil {
		log.Fatal(err)
	}
}

func run(url, dir string, serve bool, data string, n, c int, timeout time.Duration, limited bool) error {
	payload := body
	if serve {
		if data == "" {
			dir, err := os.MkdirTemp("", "loadgen-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			data = dir
		}
		cat, order := builtin.Demo(), body
		if limited {
			var err error
			if cat, err = loadCatalog(n); err != nil {
				return err
			}
			order = limitedBody
		}
		srv, err := startServer(data, cat)
		if err != nil {
			return err
		}
		defer srv.Close()
		url, dir, payload = srv.URL, filepath.Join(data, "secrets"), order
	}
	if !loopback(url) {
		return fmt.Errorf("-url %q: only loopback addresses are loaded", url)
	}
	secret, err := secrets.Current(dir, secrets.JWTSecret)
	if err != nil {
		return fmt.Errorf("read the jwt-secret: %w", err)
	}
	report, err := fire(url+"/function/place-order", secret, payload, n, c, timeout)
	if err != nil {
		return err
	}
	report.print(os.Stdout, n, c)
	return nil
}

func loopback(url string) bool {
	for _, p := range []string{"http://127.", "http://localhost:", "http://[::1]:"} {
		if strings.HasPrefix(url, p) {
			return true
		}
	}
	return false
}
