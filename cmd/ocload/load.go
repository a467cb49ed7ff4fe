package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// loadStock is the daily limit of the load catalog's limited items: more
// than a run takes, so that the hold, not the refusal, is measured.
const loadStock = 100_000

// loadAndReport runs the load the options ask for and writes its reports
// (or only writes the load catalog, with -write-catalog).
func loadAndReport(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if o.writeCatalog != "" {
		return writeCatalog(o.writeCatalog, loadCatalog(o.stores, o.items, loadStock, rand.New(rand.NewPCG(o.seed, 1))))
	}
	rep, err := load(ctx, o, stderr)
	if err != nil {
		return err
	}
	rep.writeText(stdout)
	if o.jsonFile != "" {
		if err := rep.writeJSONFile(o.jsonFile); err != nil {
			return err
		}
	}
	if o.htmlFile != "" {
		return rep.writeHTMLFile(o.htmlFile)
	}
	return nil
}

// load sets up the target and the workload, runs the load and reports
// what it measured.
func load(ctx context.Context, o options, stderr io.Writer) (*report, error) {
	p, err := o.buildProfile()
	if err != nil {
		return nil, err
	}
	client := newHTTPClient(o.maxInFlight, o.timeout)
	defer client.CloseIdleConnections()
	base, secretsDir, menus, stop, err := o.findTarget(ctx, client, stderr)
	if err != nil {
		return nil, err
	}
	defer stop()
	w, err := o.buildWorkload(client, base, secretsDir, menus)
	if err != nil {
		return nil, err
	}
	if err := w.preload(ctx, o.preload); err != nil {
		return nil, err
	}
	stopProfile, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		return nil, err
	}
	defer stopProfile()
	eng := &engine{profile: p, poisson: o.arrivals == "poisson", rng: rand.New(rand.NewPCG(o.seed, 2)),
		maxInFlight: o.maxInFlight, workers: closedWorkers(o), limit: int64(o.limit), timeout: o.timeout,
		source: w, rec: newRecorder(time.Now())}
	cpu := cpuTime()
	stopProgress := startProgress(eng.rec, p, progressWriter(o, stderr))
	eng.run(ctx)
	stopProgress()
	rep := newReport(eng.rec, p, time.Now())
	rep.describe(o, base, w.pools.counts(), cpuTime()-cpu)
	return rep, nil
}

// closedWorkers is the closed loop's workers, 0 for an open loop.
func closedWorkers(o options) int {
	if o.profile == profileClosed {
		return o.workers
	}
	return 0
}

// findTarget starts the order center (-serve) or finds the one of -url,
// and reads its stores.
func (o options) findTarget(ctx context.Context, client *http.Client, stderr io.Writer) (
	base, secretsDir string, menus []builtin.Menu, stop func(), err error) {
	if o.serve {
		menus = loadCatalog(o.stores, o.items, loadStock, rand.New(rand.NewPCG(o.seed, 1)))
		c, err := serve(ctx, o, menus, stderr)
		if err != nil {
			return "", "", nil, nil, err
		}
		return c.url, c.secretsDir, menus, c.stop, nil
	}
	base = strings.TrimRight(o.url, "/")
	menus, err = readCatalog(ctx, client, o.catalogFile, o.catalogAt(base))
	return base, o.secrets, menus, func() {}, err
}

// catalogAt is the catalog's URL: -catalog-url, else the runner's.
func (o options) catalogAt(base string) string {
	if o.catalogURL != "" {
		return strings.TrimRight(o.catalogURL, "/")
	}
	return base + "/sandbox/catalog"
}

// buildWorkload signs the tokens and builds the mixed workload.
func (o options) buildWorkload(client *http.Client, base, secretsDir string, menus []builtin.Menu) (*workload, error) {
	m, err := parseMix(o.mix)
	if err != nil {
		return nil, err
	}
	key, err := secrets.Current(secretsDir, secrets.JWTSecret)
	if err != nil {
		return nil, fmt.Errorf("read the jwt-secret: %w", err)
	}
	stores := shops(menus)
	tokens, err := signPrincipals(key, o.users, o.riders, stores, tokenTTL(o))
	if err != nil {
		return nil, err
	}
	pay, err := newPayer(o.pay, base, secretsDir)
	if err != nil {
		return nil, err
	}
	runID := strconv.FormatInt(time.Now().UnixMilli(), 36)
	w, err := newWorkload(target{base: base, catalog: o.catalogAt(base)}, client, m, stores, tokens, pay, o.skew, o.seed, runID)
	if err != nil {
		return nil, err
	}
	w.limited = o.limited
	return w, nil
}

// tokenTTL outlives the run by an hour (within the default MAX_TOKEN_TTL).
func tokenTTL(o options) time.Duration {
	return min(o.duration+time.Hour, 24*time.Hour)
}

func progressWriter(o options, stderr io.Writer) io.Writer {
	if o.quiet {
		return io.Discard
	}
	return stderr
}

// startCPUProfile starts a CPU profile into path ("" for none) and
// returns what stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
