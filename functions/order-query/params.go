package function

import (
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// dayLayout is the form of a store's local day.
const dayLayout = "2006-01-02"

// listParams are a list's query parameters, parsed.
type listParams struct {
	Page
	day    string
	status order.Status
}

// parsePage reads a list's query string: only the allowed parameters, each
// at most once. Every problem is named in one 400.
func parsePage(query string, allowed ...string) (listParams, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return listParams{}, httpapi.Invalid("query", "malformed query string")
	}
	var d httpapi.Details
	for name, vs := range values {
		switch {
		case !slices.Contains(allowed, name):
			d.Add(name, "unknown query parameter")
		case len(vs) > 1:
			d.Add(name, "given more than once")
		}
	}
	p := listParams{Page: Page{Limit: DefaultLimit, Cursor: values.Get("cursor")}, day: values.Get("date")}
	if v := values.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			d.Add("limit", "must be an integer from 1 to 100")
		}
		p.Limit = n
	}
	if p.day != "" && !validDay(p.day) {
		d.Add("date", "must be a date as YYYY-MM-DD")
	}
	if v := values.Get("status"); v != "" {
		if p.status, err = order.ParseStatus(v); err != nil {
			d.Add("status", "must be one of the order statuses, such as PAID")
		}
	}
	if len(d) > 0 {
		return listParams{}, d.Invalid()
	}
	return p, nil
}

// noParams refuses any query parameter on a single resource.
func noParams(query string) error {
	values, err := url.ParseQuery(query)
	if err != nil {
		return httpapi.Invalid("query", "malformed query string")
	}
	var d httpapi.Details
	for name := range values {
		d.Add(name, "unknown query parameter")
	}
	if len(d) > 0 {
		return d.Invalid()
	}
	return nil
}

func validDay(s string) bool {
	t, err := time.Parse(dayLayout, s)
	return err == nil && t.Format(dayLayout) == s
}
