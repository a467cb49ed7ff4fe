// Package api holds the order center's machine-readable specifications,
// embedded so that every binary carries them without a build step:
// openapi.yaml (OpenAPI 3.1, every HTTP function as the order center
// answers it) and asyncapi.yaml (AsyncAPI 3.0, the events on NATS). The
// local runner serves the OpenAPI document as JSON at GET /openapi.json;
// package api/apicheck checks real answers against it.
package api

import (
	_ "embed" // the documents
	"sync"
)

// OpenAPIYAML is the OpenAPI document as written.
//
//go:embed openapi.yaml
var OpenAPIYAML []byte

// AsyncAPIYAML is the AsyncAPI document as written.
//
//go:embed asyncapi.yaml
var AsyncAPIYAML []byte

// openAPIJSON converts the document once.
var openAPIJSON = sync.OnceValues(func() ([]byte, error) { return YAMLToJSON(OpenAPIYAML) })

// OpenAPIJSON is the OpenAPI document as JSON, its keys in the order
// written. It fails only if the embedded YAML is malformed, which the
// package's tests rule out.
func OpenAPIJSON() ([]byte, error) { return openAPIJSON() }
