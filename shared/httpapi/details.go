package httpapi

// Details lists what is wrong with a request, field by field, for a
// request wrong in several places at once.
type Details []Detail

// Add notes that field has problem.
func (d *Details) Add(field, problem string) {
	*d = append(*d, Detail{Field: field, Problem: problem})
}

// Invalid is the 400 invalid_request listing d.
func (d Details) Invalid() *Problem {
	return &Problem{Code: CodeInvalidRequest, Message: "the request is invalid", Details: d}
}
