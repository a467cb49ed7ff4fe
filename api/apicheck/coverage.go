package apicheck

import (
	"slices"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Documented lists every answer the document lists: for each operation
// and response, one Answer per error code its schema names (the enum of
// error.code), or one with no code.
func (c *Checker) Documented() []Answer {
	out := make([]Answer, 0, len(c.documented))
	for a := range c.documented {
		out = append(out, a)
	}
	sortAnswers(out)
	return out
}

// Unanswered lists the documented answers no exchange had, but those in
// allowed (answers that cannot be had where the check runs, each with
// why). An allowed answer that is not documented, or that was answered
// after all, is a problem: the allow-list must stay true.
func (c *Checker) Unanswered(allowed map[Answer]string) []Answer {
	answered := c.Answered()
	var missing []Answer
	for a := range c.documented {
		if _, ok := allowed[a]; !ok && answered[a] == 0 {
			missing = append(missing, a)
		}
	}
	for a := range allowed {
		switch {
		case !c.documented[a]:
			c.problem("allow-listed %s is not in the document", a)
		case answered[a] > 0:
			c.problem("allow-listed %s was answered: take it off the allow-list", a)
		}
	}
	sortAnswers(missing)
	return missing
}

func sortAnswers(as []Answer) {
	slices.SortFunc(as, func(a, b Answer) int { return strings.Compare(a.String(), b.String()) })
}

// documentedAnswers walks every operation's responses.
func documentedAnswers(doc *v3.Document) map[Answer]bool {
	out := map[Answer]bool{}
	if doc.Paths == nil {
		return out
	}
	for _, item := range doc.Paths.PathItems.FromOldest() {
		for _, op := range item.GetOperations().FromOldest() {
			if op.Responses == nil || op.Responses.Codes == nil {
				continue
			}
			for status, resp := range op.Responses.Codes.FromOldest() {
				codes := responseCodes(resp)
				if len(codes) == 0 {
					codes = []string{""}
				}
				for _, code := range codes {
					out[Answer{Operation: op.OperationId, Status: status, Code: code}] = true
				}
			}
		}
	}
	return out
}

// responseCodes are the error codes a response's JSON schema names.
func responseCodes(resp *v3.Response) []string {
	if resp.Content == nil {
		return nil
	}
	var codes []string
	for _, media := range resp.Content.FromOldest() {
		if media.Schema != nil {
			codes = append(codes, envelopeCodes(media.Schema.Schema())...)
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}

// envelopeCodes finds properties.error in s or in its compositions, and
// the codes it names.
func envelopeCodes(s *base.Schema) []string {
	if s == nil {
		return nil
	}
	var codes []string
	if s.Properties != nil {
		if p, ok := s.Properties.Get("error"); ok {
			codes = append(codes, enumOf(p.Schema(), "code")...)
		}
	}
	for _, sub := range composed(s) {
		codes = append(codes, envelopeCodes(sub.Schema())...)
	}
	return codes
}

// enumOf is the enum (or const) of property name in s or in its
// compositions.
func enumOf(s *base.Schema, name string) []string {
	if s == nil {
		return nil
	}
	var values []string
	if s.Properties != nil {
		if p, ok := s.Properties.Get(name); ok {
			if ps := p.Schema(); ps != nil {
				for _, n := range ps.Enum {
					values = append(values, n.Value)
				}
				if ps.Const != nil {
					values = append(values, ps.Const.Value)
				}
			}
		}
	}
	for _, sub := range composed(s) {
		values = append(values, enumOf(sub.Schema(), name)...)
	}
	return values
}

func composed(s *base.Schema) []*base.SchemaProxy {
	return slices.Concat(s.AllOf, s.OneOf, s.AnyOf)
}
