// Package route mounts a sandbox's routes below the path it is served at,
// answering in the contract's error shape where no route fits: 405 with
// Allow for another method on a known path, 404 for any other path below
// the prefix.
package route

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Error codes of the answers where no route fits.
const (
	CodeMethodNotAllowed = httpapi.CodeMethodNotAllowed
	CodeNotFound         = httpapi.CodeNotFound
)

// Mux returns a ServeMux serving routes below prefix ("" for the root).
// Each key of routes is a method and a path below the prefix, such as
// "POST /refunds/{refund_id}/complete"; notFound is the message of the
// 404. A key without a method, one given twice, or a malformed path
// panics, as http.ServeMux does.
func Mux(prefix, notFound string, routes ...map[string]http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	for _, table := range routes {
		for pattern, h := range table {
			method, path, ok := strings.Cut(pattern, " ")
			if !ok {
				panic(fmt.Sprintf("route %q has no method", pattern))
			}
			mux.Handle(method+" "+prefix+path, h)
			allowed[path] = append(allowed[path], method)
		}
	}
	for path, methods := range allowed {
		sort.Strings(methods)
		mux.HandleFunc(prefix+path, methodNotAllowed(strings.Join(methods, ", ")))
	}
	mux.HandleFunc(prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		httpapi.WriteError(w, &httpapi.Problem{Code: CodeNotFound, Message: notFound})
	})
	return mux
}

// methodNotAllowed answers 405 naming the allowed methods.
func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		httpapi.WriteProblem(w, http.StatusMethodNotAllowed, &httpapi.Problem{Code: CodeMethodNotAllowed, Message: "use " + allow})
	}
}

// CheckPrefix reports a prefix that is neither empty nor a path.
func CheckPrefix(prefix string) error {
	if prefix != "" && !strings.HasPrefix(prefix, "/") {
		return fmt.Errorf("prefix %q does not start with /", prefix)
	}
	return nil
}
