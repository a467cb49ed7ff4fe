package sandbox

import (
	"net/http"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
)

// CatalogFaults is what the built-in catalog is told to get wrong on its
// next calls, as the other sandboxes are (package faults): each counter
// is used up one call at a time.
type CatalogFaults struct {
	// FailNext calls answer Status (503 by default, with Retry-After for
	// 429 and 503) instead of the catalog's answer.
	FailNext int `json:"fail_next"`
	// Status is what failing calls answer, 400 to 599.
	Status int `json:"status"`
	// TimeoutNext calls answer nothing until the caller gives up (the
	// order center's catalog deadline), or 504 after faults.DefaultMaxHang.
	TimeoutNext int `json:"timeout_next"`
}

// Fields lets the faults package reach the counters.
func (f *CatalogFaults) Fields() faults.Fields {
	return faults.Fields{FailNext: &f.FailNext, Status: &f.Status, TimeoutNext: &f.TimeoutNext}
}

// Catalog serves cat's routes (builtin.Catalog.Handler) with a fault
// switch beside them: GET, POST and DELETE /faults show, arm and disarm
// CatalogFaults, which apply to every other call. Mount it below
// CatalogPrefix with http.StripPrefix, as the runner does.
func Catalog(cat *builtin.Catalog) http.Handler {
	board := faults.New[CatalogFaults]("the built-in catalog", 0)
	routes := cat.Handler()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /faults", board.HandleGet)
	mux.HandleFunc("POST /faults", board.HandleSet)
	mux.HandleFunc("DELETE /faults", board.HandleClear)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		board.Serve(w, r, func() func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { routes.ServeHTTP(w, r) }
		})
	})
	return mux
}
