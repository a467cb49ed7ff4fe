package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// YAMLToJSON converts one YAML document to JSON, keeping the order of
// keys. Anchors and aliases are followed; mapping keys must be scalars,
// as JSON wants; a number too large for JSON is an error.
func YAMLToJSON(doc []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("yaml to json: %w", err)
	}
	var out bytes.Buffer
	if err := writeNode(&out, &root); err != nil {
		return nil, fmt.Errorf("yaml to json: %w", err)
	}
	return out.Bytes(), nil
}

func writeNode(out *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return errors.New("not one document")
		}
		return writeNode(out, n.Content[0])
	case yaml.AliasNode:
		return writeNode(out, n.Alias)
	case yaml.MappingNode:
		return writeMapping(out, n)
	case yaml.SequenceNode:
		return writeSequence(out, n)
	case yaml.ScalarNode:
		return writeScalar(out, n)
	}
	return fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

func writeMapping(out *bytes.Buffer, n *yaml.Node) error {
	out.WriteByte('{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: a key that is not a scalar", key.Line)
		}
		if i > 0 {
			out.WriteByte(',')
		}
		name, _ := json.Marshal(key.Value)
		out.Write(name)
		out.WriteByte(':')
		if err := writeNode(out, n.Content[i+1]); err != nil {
			return err
		}
	}
	out.WriteByte('}')
	return nil
}

func writeSequence(out *bytes.Buffer, n *yaml.Node) error {
	out.WriteByte('[')
	for i, item := range n.Content {
		if i > 0 {
			out.WriteByte(',')
		}
		if err := writeNode(out, item); err != nil {
			return err
		}
	}
	out.WriteByte(']')
	return nil
}

// writeScalar writes a scalar by its resolved tag: numbers, booleans and
// null as JSON has them, anything else as a string.
func writeScalar(out *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		out.WriteString("null")
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return err
		}
		out.WriteString(strconv.FormatBool(b))
		return nil
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return err
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("line %d: %s is no JSON number", n.Line, n.Value)
		}
		num, err := json.Marshal(f)
		if err != nil {
			return err
		}
		out.Write(num)
		return nil
	}
	s, _ := json.Marshal(n.Value)
	out.Write(s)
	return nil
}
