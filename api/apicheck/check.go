package apicheck

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// check validates one exchange and notes its answer.
func (c *Checker) check(e exchange) {
	item, _, _ := paths.FindPath(e.request(), c.doc, nil)
	switch {
	case item == nil:
		c.checkUndocumentedPath(e)
		return
	case helpers.ExtractOperation(e.req, item) == nil:
		c.checkUndocumentedMethod(e, item)
		return
	}
	op := helpers.ExtractOperation(e.req, item)
	c.checkRequest(e)
	if ok, errs := c.validator.ValidateHttpResponse(e.request(), e.response()); !ok {
		c.problem("%s: the answer breaks the document:%s", e, describe(errs))
	}
	c.note(Answer{Operation: op.OperationId, Status: documentedStatus(op, e.status), Code: errorCode(e.answer)})
}

// checkRequest requires the request to be valid, or, when marked so, not.
func (c *Checker) checkRequest(e exchange) {
	ok, errs := c.validator.ValidateHttpRequestSync(e.request())
	switch {
	case e.expect == RequestUnchecked:
	case e.expect == RequestInvalid && ok:
		c.problem("%s: the request was meant to break the document, but the document accepts it", e)
	case e.expect != RequestInvalid && !ok:
		c.problem("%s: the request breaks the document:%s", e, describe(errs))
	}
}

// checkUndocumentedPath: below /function/, 404 not_found; elsewhere a
// problem.
func (c *Checker) checkUndocumentedPath(e exchange) {
	if !strings.HasPrefix(e.req.URL.Path, "/function/") {
		c.problem("%s: the path is not in the document", e)
		return
	}
	if e.status != http.StatusNotFound || errorCode(e.answer) != "not_found" {
		c.problem("%s: a path the document does not list must answer 404 not_found", e)
	}
}

// checkUndocumentedMethod: 405 method_not_allowed, Allow naming the
// documented methods.
func (c *Checker) checkUndocumentedMethod(e exchange, item *v3.PathItem) {
	var methods []string
	for m := range item.GetOperations().KeysFromOldest() {
		methods = append(methods, strings.ToUpper(m))
	}
	slices.Sort(methods)
	allow := strings.Split(strings.ReplaceAll(e.header.Get("Allow"), " ", ""), ",")
	slices.Sort(allow)
	if e.status != http.StatusMethodNotAllowed || errorCode(e.answer) != "method_not_allowed" || !slices.Equal(allow, methods) {
		c.problem("%s (Allow %q): a method the document does not list must answer 405 method_not_allowed with Allow %s",
			e, e.header.Get("Allow"), strings.Join(methods, ", "))
	}
}

// documentedStatus is how the operation's responses key status: the
// code, its range ("4XX") or "default"; the code itself when none fits.
func documentedStatus(op *v3.Operation, status int) string {
	code := strconv.Itoa(status)
	if op.Responses == nil || op.Responses.Codes == nil {
		return code
	}
	if _, ok := op.Responses.Codes.Get(code); ok {
		return code
	}
	if r := strconv.Itoa(status/100) + "XX"; op.Responses.Codes.GetOrZero(r) != nil {
		return r
	}
	if op.Responses.Default != nil {
		return "default"
	}
	return code
}

// errorCode is the code of an error body {"error": {"code": ...}}, or "".
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// describe lists the validator's findings, one a line.
func describe(errs []*errors.ValidationError) string {
	var b strings.Builder
	for _, err := range errs {
		b.WriteString("\n    - " + err.Message)
		if err.Reason != "" && err.Reason != err.Message {
			b.WriteString(": " + err.Reason)
		}
		for _, f := range err.SchemaValidationErrors {
			b.WriteString("\n        " + f.Reason)
			if f.FieldPath != "" {
				b.WriteString(" (at " + f.FieldPath + ")")
			}
		}
	}
	return b.String()
}
