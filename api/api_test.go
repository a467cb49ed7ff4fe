package api_test

import (
	"encoding/json"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"gopkg.in/yaml.v3"

	"github.com/ordercenter/ordercenter/api"
)

// The OpenAPI document is valid OpenAPI 3.1 (the validator's own check
// against the specification's schema) and builds without errors.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := libopenapi.NewDocument(api.OpenAPIYAML)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("build: %v", errs)
	}
	if ok, problems := v.ValidateDocument(); !ok {
		for _, p := range problems {
			t.Errorf("%s: %s", p.Message, p.Reason)
			for _, f := range p.SchemaValidationErrors {
				t.Errorf("    %s at %s (line %d)", f.Reason, f.KeywordLocation, f.Line)
			}
		}
	}
}

// The JSON the runner serves says what the YAML says.
func TestOpenAPIJSONIsTheYAML(t *testing.T) {
	raw, err := api.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal(raw, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(api.OpenAPIYAML, &fromYAML); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fromJSON)
	b, _ := json.Marshal(fromYAML)
	if string(a) != string(b) {
		t.Fatal("the JSON and the YAML differ")
	}
}
