package builtin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

// fileCatalog is the catalog file's top level.
type fileCatalog struct {
	Stores  []fileStore      `json:"stores"`
	Coupons []catalog.Coupon `json:"coupons"`
}

// fileStore is a store with its menu. Open, shadowing the embedded
// field, is a pointer so that a missing "open" can be told from false.
type fileStore struct {
	catalog.Store
	Open  *bool          `json:"open"`
	Items []catalog.Item `json:"items"`
}

// decodeFile decodes a catalog file strictly: unknown fields and trailing
// data are refused, and syntax errors name their line and column.
func decodeFile(data []byte) (fileCatalog, error) {
	var f fileCatalog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fileCatalog{}, locate(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fileCatalog{}, fmt.Errorf("data after the catalog object at %s", position(data, dec.InputOffset()))
	}
	return f, nil
}

// locate adds the line and column to JSON syntax and type errors.
func locate(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tim *time.ParseError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("at %s: %w", position(data, syn.Offset), err)
	case errors.As(err, &typ):
		return fmt.Errorf("at %s: %w", position(data, typ.Offset), err)
	case errors.As(err, &tim):
		return fmt.Errorf("expires_at must be RFC 3339, like 2099-12-31T15:59:59Z: %w", err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("unexpected end of file: %w", err)
	}
	return err
}

// position returns "line L, column C" of the last byte of data's first
// offset bytes: encoding/json's offsets count the bytes read up to and
// including the one at fault.
func position(data []byte, offset int64) string {
	last := int(min(max(offset-1, 0), int64(len(data))))
	before := data[:last]
	line := bytes.Count(before, []byte("\n")) + 1
	col := last - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
