package function

import (
	"context"
	"net/http"
	"strings"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// route is one read the function serves, matched on the subpath's
// segments; "*" matches any one segment.
type route struct {
	pattern []string
	serve   func(q *OrderQuery, ctx context.Context, actor order.Actor, args []string, query string) (any, error)
}

var routes = []route{
	{[]string{"orders", "*"}, (*OrderQuery).serveOrder},
	{[]string{"orders", "*", "timeline"}, (*OrderQuery).serveTimeline},
	{[]string{"users", "me", "orders"}, (*OrderQuery).serveUserOrders},
	{[]string{"stores", "*", "orders"}, (*OrderQuery).serveStoreOrders},
}

// Handle answers one HTTP call: GET on one of the routes of section 9,
// authenticated. An unknown path is 404, another method 405.
func (q *OrderQuery) Handle(req handler.Request) (handler.Response, error) {
	rt, args, ok := match(httpapi.Subpath(req))
	switch {
	case !ok:
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such resource"}), nil
	case req.Method != http.MethodGet:
		return httpapi.MethodNotAllowed(http.MethodGet,
			&httpapi.Problem{Code: httpapi.CodeMethodNotAllowed, Message: "only GET is served here"}), nil
	}
	actor, err := q.auth.Actor(req)
	if err != nil {
		return httpapi.Error(err), nil
	}
	ctx, cancel := context.WithTimeout(httpapi.Context(req), q.cfg.Timeout)
	defer cancel()
	body, err := rt.serve(q, ctx, actor, args, req.QueryString)
	if err != nil {
		return httpapi.Error(problemOf(ctx, err)), nil
	}
	if list, ok := body.(List); ok {
		return handler.Response{StatusCode: http.StatusOK, Body: list.appendJSON(nil),
			Header: http.Header{"Content-Type": {"application/json"}}}, nil
	}
	return httpapi.JSON(http.StatusOK, body), nil
}

// match finds the route of a subpath and the segments its wildcards
// matched.
func match(subpath string) (route, []string, bool) {
	segs := strings.Split(strings.Trim(subpath, "/"), "/")
	for _, rt := range routes {
		if args, ok := matchSegments(rt.pattern, segs); ok {
			return rt, args, true
		}
	}
	return route{}, nil, false
}

func matchSegments(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range pattern {
		switch {
		case p == "*" && segs[i] != "":
			args = append(args, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return args, true
}

func (q *OrderQuery) serveOrder(ctx context.Context, actor order.Actor, args []string, query string) (any, error) {
	if err := noParams(query); err != nil {
		return nil, err
	}
	return q.Order(ctx, actor, args[0])
}

func (q *OrderQuery) serveTimeline(ctx context.Context, actor order.Actor, args []string, query string) (any, error) {
	if err := noParams(query); err != nil {
		return nil, err
	}
	return q.Timeline(ctx, actor, args[0])
}

func (q *OrderQuery) serveUserOrders(ctx context.Context, actor order.Actor, _ []string, query string) (any, error) {
	p, err := parsePage(query, "limit", "cursor")
	if err != nil {
		return nil, err
	}
	return q.UserOrders(ctx, actor, p.Page)
}

func (q *OrderQuery) serveStoreOrders(ctx context.Context, actor order.Actor, args []string, query string) (any, error) {
	p, err := parsePage(query, "limit", "cursor", "date", "status")
	if err != nil {
		return nil, err
	}
	return q.StoreOrders(ctx, actor, StoreList{StoreID: args[0], Day: p.day, Status: p.status, Page: p.Page})
}
