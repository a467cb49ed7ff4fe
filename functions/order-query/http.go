package function

import (
	"context"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// route is one read the function serves, matched on the subpath (see
// httpapi.Match: "*" is one id).
type route struct {
	pattern string
	serve   func(q *OrderQuery, ctx context.Context, actor order.Actor, args []string, query string) (any, error)
}

var routes = []route{
	{"orders/*", (*OrderQuery).serveOrder},
	{"orders/*/timeline", (*OrderQuery).serveTimeline},
	{"orders/*/payments", (*OrderQuery).servePayments},
	{"users/me/orders", (*OrderQuery).serveUserOrders},
	{"stores/*/orders", (*OrderQuery).serveStoreOrders},
}

// Handle answers one HTTP call: GET on one of the routes of section 9,
// authenticated. An unknown path is 404, an id that is no id 400,
// another method 405.
func (q *OrderQuery) Handle(req handler.Request) (handler.Response, error) {
	ctx := httpapi.Context(req)
	rt, args, err := match(httpapi.Subpath(req))
	if err != nil {
		return httpapi.Error(ctx, err), nil
	}
	e := httpapi.Endpoint{Method: http.MethodGet, Auth: q.auth, Timeout: q.cfg.Timeout, Route: rt.pattern}
	return e.Serve(req, func(c httpapi.Call) handler.Response { return q.serve(c, rt, args) }), nil
}

// serve answers one read past the preamble.
func (q *OrderQuery) serve(c httpapi.Call, rt route, args []string) handler.Response {
	body, err := rt.serve(q, c.Ctx, c.By, args, c.Req.QueryString)
	if err != nil {
		return httpapi.Error(c.Ctx, problemOf(c.Ctx, err))
	}
	if list, ok := body.(List); ok {
		return handler.Response{StatusCode: http.StatusOK, Body: list.appendJSON(nil),
			Header: http.Header{"Content-Type": {"application/json"}}}
	}
	return httpapi.JSON(http.StatusOK, body)
}

// match finds the route of a subpath and the ids it names: a 404 Problem
// when none matches, a 400 when an id is no id.
func match(subpath string) (route, []string, error) {
	for _, rt := range routes {
		args, ok, err := httpapi.Match(subpath, rt.pattern)
		if ok {
			return rt, args, err
		}
	}
	return route{}, nil, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such resource"}
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

func (q *OrderQuery) servePayments(ctx context.Context, actor order.Actor, args []string, query string) (any, error) {
	p, err := parsePage(query, "limit", "cursor")
	if err != nil {
		return nil, err
	}
	return q.Payments(ctx, actor, args[0], p.Page)
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
