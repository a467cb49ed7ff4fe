package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox"
)

// ports is the -function flag: name=port, repeated.
type ports map[string]string

func (p ports) String() string { return fmt.Sprint(map[string]string(p)) }

func (p ports) Set(v string) error {
	name, port, ok := strings.Cut(v, "=")
	if _, err := strconv.Atoi(port); !ok || name == "" || err != nil {
		return fmt.Errorf("%q is not name=port", v)
	}
	p[name] = port
	return nil
}

// gateway serves the functions and the sandboxes until SIGTERM.
func gateway(args []string) error {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve on")
	secretsDir := fs.String("secrets", "", "directory holding payment-webhook-secret (required)")
	functions := ports{}
	fs.Var(functions, "function", "a function's name=port (repeated)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	mux, err := gatewayMux("http://"+*addr, *secretsDir, functions, log)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		drain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(drain)
	}()
	log.Info("gateway serving", "addr", *addr, "functions", functions)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// gatewayMux routes /function/<name> to the functions' processes and
// mounts the sandboxes, pointed back at base.
func gatewayMux(base, secretsDir string, functions ports, log *slog.Logger) (*http.ServeMux, error) {
	mux := http.NewServeMux()
	counts := &callCounts{byFunction: map[string]map[int]int{}}
	mux.Handle("/function/", functionProxy(functions, counts, log))
	mux.HandleFunc("GET /rehearsal/calls", counts.serve)
	mux.Handle(sandbox.CatalogPrefix+"/", http.StripPrefix(sandbox.CatalogPrefix, sandbox.Catalog(builtin.Demo())))
	provider, err := sandbox.Payments(base, secretsDir, log)
	if err != nil {
		return nil, err
	}
	mux.Handle(sandbox.PaymentsPrefix+"/", provider)
	push, err := pushsandbox.New(pushsandbox.Config{Prefix: sandbox.PushPrefix})
	if err != nil {
		return nil, err
	}
	mux.Handle(sandbox.PushPrefix+"/", push)
	return mux, nil
}

// functionProxy forwards /function/<name>/<rest>?<query> to
// http://127.0.0.1:<port of name>/<rest>?<query>, appending the caller to
// X-Forwarded-For, as the OpenFaaS gateway does before the of-watchdog
// hands the request on unchanged. A function whose process is down answers
// 502, as the gateway's proxy does.
func functionProxy(functions ports, counts *callCounts, log *slog.Logger) http.Handler {
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			name, rest := splitFunctionPath(pr.In.URL.Path)
			pr.SetURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + functions[name]})
			pr.Out.URL.Path, pr.Out.URL.RawPath = rest, ""
			pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
			pr.SetXForwarded()
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			log.Warn("function unreachable", "path", r.URL.Path, "err", err)
			http.Error(w, "function unreachable", http.StatusBadGateway)
		},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, _ := splitFunctionPath(r.URL.Path)
		if functions[name] == "" {
			http.Error(w, "no such function", http.StatusNotFound)
			return
		}
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		proxy.ServeHTTP(rec, r)
		counts.add(name, rec.status)
	})
}

// splitFunctionPath splits /function/<name>/<rest> into name and "/<rest>".
func splitFunctionPath(path string) (name, rest string) {
	name, rest, _ = strings.Cut(strings.TrimPrefix(path, "/function/"), "/")
	return name, "/" + rest
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// callCounts counts the answers per function and status.
type callCounts struct {
	mu         sync.Mutex
	byFunction map[string]map[int]int
}

func (c *callCounts) add(name string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byFunction[name] == nil {
		c.byFunction[name] = map[int]int{}
	}
	c.byFunction[name][status]++
}

// serve answers {"<function>": {"<status>": count}}.
func (c *callCounts) serve(w http.ResponseWriter, _ *http.Request) {
	c.mu.Lock()
	body, err := json.Marshal(c.byFunction)
	c.mu.Unlock()
	if err != nil {
		http.Error(w, "cannot encode the counts", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}
