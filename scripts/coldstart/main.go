// Command coldstart measures each function as its template builds it: the
// time from starting the handler process to its first answered call (with
// its dependencies reachable), its resident memory at rest after that call,
// and its peak resident memory under a short concurrent load. It runs the
// handler binaries without the of-watchdog (which adds its own few
// milliseconds and megabytes) and talks to them as the watchdog does.
//
// Usage: go run ./scripts/coldstart -bin DIR [-load 3s] [-c 8]
// with the functions' environment set (DYNAMODB_*, NATS_URL, REDIS_URL,
// SECRETS_DIR, CATALOG_URL, PAYMENT_PROVIDER_URL, PUSH_GATEWAY_URL).
// scripts/coldstart.sh prepares all of it.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

func main() {
	bin := flag.String("bin", "", "folder of compiled handlers, one per function name")
	load := flag.Duration("load", 3*time.Second, "how long to load each function")
	conc := flag.Int("c", 8, "concurrent calls under load")
	flag.Parse()
	probes, err := newProbes(os.Getenv("SECRETS_DIR"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names := make([]string, 0, len(probes))
	for name := range probes {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Printf("%-13s %10s %10s %8s %12s %12s %10s\n", "function", "listening", "first call", "status",
		"RSS at rest", "RSS peak", "calls/s")
	for _, name := range names {
		m, err := measure(filepath.Join(*bin, name), probes[name], *load, *conc)
		if err != nil {
			fmt.Printf("%-13s error: %v\n", name, err)
			continue
		}
		fmt.Printf("%-13s %8.1fms %8.1fms %8d %10.1fMB %10.1fMB %10.0f\n", name, ms(m.listening), ms(m.firstCall),
			m.status, mb(m.rssRest), mb(m.rssPeak), m.rate)
	}
}

type measurement struct {
	// listening: start to the first answer of any kind (a bare request
	// that needs no dependency); firstCall: start to the answer of the
	// first real call, dependencies included.
	listening        time.Duration
	firstCall        time.Duration
	status           int
	rssRest, rssPeak int64
	rate             float64
}

func measure(path string, p probe, load time.Duration, conc int) (measurement, error) {
	port, err := freePort()
	if err != nil {
		return measurement{}, err
	}
	cmd := exec.Command(path)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measurement{}, err
	}
	defer func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() }()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if _, err := firstAnswer(base, bare); err != nil {
		return measurement{}, err
	}
	m := measurement{listening: time.Since(start)}
	status, err := send(base, p, counter.Add(1))
	if err != nil {
		return measurement{}, err
	}
	m.firstCall, m.status = time.Since(start), status
	time.Sleep(time.Second)
	m.rssRest = rss(cmd.Process.Pid, "VmRSS")
	m.rate = hammer(base, p, load, conc)
	m.rssPeak = rss(cmd.Process.Pid, "VmHWM")
	return m, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mb(kb int64) float64 { return float64(kb) / 1024 }
