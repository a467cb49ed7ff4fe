package builtin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

// Handler serves the catalog at the root of its URL space with the routes
// of contract section 13, answering GET (and HEAD) only:
//
//	GET /stores/<store_id>                    the store, or 404
//	GET /stores/<store_id>/items?ids=a,b      {"items": [...]}: the known ones
//	GET /users/<user_id>/coupons/<coupon_id>  the coupon, or 404
//
// and, as project additions for newcomers exploring the demo, GET /stores
// ({"stores": [...]}, every store with its menu) and GET
// /stores/<store_id>/items without an ids parameter (the whole menu; an
// empty ids= answers no items). Ids are single path segments, escaped as
// catalog.Client escapes them. Unknown routes, stores and coupons answer
// 404 {"error": {"code": "not_found", ...}}, other methods 405.
//
// To serve it under a prefix, wrap it in http.StripPrefix (see the package
// documentation).
func (c *Catalog) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/stores", onlyGet(c.serveStores))
	mux.HandleFunc("/stores/{store}", onlyGet(c.serveStore))
	mux.HandleFunc("/stores/{store}/items", onlyGet(c.serveItems))
	mux.HandleFunc("/users/{user}/coupons/{coupon}", onlyGet(c.serveCoupon))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no route %s", r.URL.Path))
	})
	return mux
}

// serveStores lists every store with its menu.
func (c *Catalog) serveStores(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		Stores []Menu `json:"stores"`
	}{c.Stores()})
}

// serveStore answers GET /stores/<store_id>.
func (c *Catalog) serveStore(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("store")
	s, ok := c.Store(id)
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no store %q", id))
		return
	}
	writeJSON(w, http.StatusOK, s)
}

// serveItems answers GET /stores/<store_id>/items?ids=a,b.
func (c *Catalog) serveItems(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("store")
	e, ok := c.byID[id]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no store %q", id))
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "malformed query string")
		return
	}
	raw, present := q["ids"]
	if !present {
		writeJSON(w, http.StatusOK, catalog.ItemList{Items: slices.Clone(e.items)})
		return
	}
	var ids []string
	for _, v := range raw {
		ids = append(ids, strings.Split(v, ",")...)
	}
	items, _ := c.Items(id, ids)
	writeJSON(w, http.StatusOK, catalog.ItemList{Items: items})
}

// serveCoupon answers GET /users/<user_id>/coupons/<coupon_id>.
func (c *Catalog) serveCoupon(w http.ResponseWriter, r *http.Request) {
	uid, cid := r.PathValue("user"), r.PathValue("coupon")
	cp, ok := c.Coupon(uid, cid)
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("user %q has no coupon %q", uid, cid))
		return
	}
	writeJSON(w, http.StatusOK, cp)
}
