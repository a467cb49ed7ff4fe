package function

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// body is the optional request body of an action.
type body struct {
	Reason          string `json:"reason"`
	ExpectedVersion *int64 `json:"expected_version"`
}

// Handle answers POST /orders/<order_id>/<action> (the subpath below the
// function's name): 200 with the order, or a Problem. An unknown path or
// action is 404, another method 405.
func (a *OrderAction) Handle(req handler.Request) (handler.Response, error) {
	id, action, ok := parsePath(httpapi.Subpath(req))
	switch {
	case !ok:
		return httpapi.Error(&httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such action"}), nil
	case req.Method != http.MethodPost:
		return httpapi.MethodNotAllowed(http.MethodPost,
			&httpapi.Problem{Code: httpapi.CodeMethodNotAllowed, Message: "only POST is served here"}), nil
	}
	actor, err := a.auth.Actor(req)
	if err != nil {
		return httpapi.Error(err), nil
	}
	cmd, err := parseBody(req)
	if err != nil {
		return httpapi.Error(err), nil
	}
	cmd.OrderID, cmd.Action = id, action
	ctx, cancel := context.WithTimeout(httpapi.Context(req), a.cfg.Timeout)
	defer cancel()
	rec, err := a.Do(ctx, actor, cmd)
	if err != nil {
		return httpapi.Error(problemOf(ctx, action, err)), nil
	}
	return httpapi.JSON(http.StatusOK, rec), nil
}

// parsePath splits "/orders/<id>/<action>"; system actions and unknown
// names do not parse.
func parsePath(subpath string) (string, order.Action, bool) {
	segs := strings.Split(strings.Trim(subpath, "/"), "/")
	if len(segs) != 3 || segs[0] != "orders" || segs[1] == "" {
		return "", order.Action{}, false
	}
	action, err := order.ParseAction(segs[2])
	return segs[1], action, err == nil
}

// parseBody reads the optional body: none at all, or a JSON object with
// reason and expected_version only.
func parseBody(req handler.Request) (Command, error) {
	if len(bytes.TrimSpace(req.Body)) == 0 && len(req.Body) <= httpapi.MaxBodyBytes {
		return Command{}, nil
	}
	var b body
	if err := httpapi.DecodeJSON(req, &b); err != nil {
		return Command{}, err
	}
	var d httpapi.Details
	if !utf8.ValidString(b.Reason) || utf8.RuneCountInString(b.Reason) > order.MaxTextLen {
		d.Add("reason", "at most 200 characters")
	}
	if b.ExpectedVersion != nil && *b.ExpectedVersion < 1 {
		d.Add("expected_version", "must be a version of the order, 1 or more")
	}
	if len(d) > 0 {
		return Command{}, d.Invalid()
	}
	cmd := Command{Reason: b.Reason}
	if b.ExpectedVersion != nil {
		cmd.ExpectedVersion = *b.ExpectedVersion
	}
	return cmd, nil
}
