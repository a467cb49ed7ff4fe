package function

import (
	"bytes"
	"net/http"
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
// action is 404, an id that is no id 400, another method 405.
func (a *OrderAction) Handle(req handler.Request) (handler.Response, error) {
	ctx := httpapi.Context(req)
	ids, ok, err := httpapi.Match(httpapi.Subpath(req), "orders/*/*")
	switch {
	case err != nil:
		return httpapi.Error(ctx, err), nil
	case !ok:
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such action"}), nil
	}
	action, err := order.ParseAction(ids[1])
	if err != nil {
		return httpapi.Error(ctx, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "no such action"}), nil
	}
	e := httpapi.Endpoint{Method: http.MethodPost, Auth: a.auth, Timeout: a.cfg.Timeout,
		Route: "orders/*/" + action.String()}
	return e.Serve(req, func(c httpapi.Call) handler.Response { return a.serve(c, ids[0], action) }), nil
}

// serve carries out one action past the preamble.
func (a *OrderAction) serve(c httpapi.Call, id string, action order.Action) handler.Response {
	cmd, err := parseBody(c.Req)
	if err != nil {
		return httpapi.Error(c.Ctx, err)
	}
	cmd.OrderID, cmd.Action = id, action
	rec, err := a.Do(c.Ctx, c.By, cmd)
	if err != nil {
		return httpapi.Error(c.Ctx, problemOf(c.Ctx, action, err))
	}
	return httpapi.JSON(http.StatusOK, rec)
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
