package telemetry

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
)

// minPhoneDigits is the shortest run of digits taken for a phone number.
const minPhoneDigits = 7

// MaskPhones hides the middle of every run of 7 or more consecutive ASCII
// digits in s, as order.MaskPhone does for one number: at most the first 3
// and the last 4 digits stay, "****" replaces the rest, and at least 4 are
// hidden ("13800001234" becomes "138****1234", "1234567" becomes
// "****567"). Shorter runs, and digits split by spaces or dashes (dates,
// amounts), are left alone. It returns s itself when nothing is masked.
func MaskPhones(s string) string {
	if !hasPhone(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		if j-i >= minPhoneDigits {
			b.WriteString(maskRun(s[i:j]))
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// maskRun masks one run of digits, keeping the head and tail that
// order.MaskPhone keeps.
func maskRun(run string) string {
	visible := len(run) - 4
	tail := min(4, visible)
	head := min(3, visible-tail)
	return run[:head] + "****" + run[len(run)-tail:]
}

// hasPhone reports whether s holds a run of minPhoneDigits digits.
func hasPhone[T string | []byte](s T) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			run = 0
			continue
		}
		if run++; run >= minPhoneDigits {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// redactAttr returns a with phone numbers masked in its value: in strings,
// in error messages, inside groups, and in the strings of any other value
// as it would be written as JSON. Numbers are left alone: amounts, times
// and counts are numbers, and phone numbers are strings.
func redactAttr(a slog.Attr) slog.Attr {
	a.Value = redactValue(a.Value.Resolve())
	return a
}

func redactValue(v slog.Value) slog.Value {
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); hasPhone(s) {
			return slog.StringValue(MaskPhones(s))
		}
	case slog.KindGroup:
		return slog.GroupValue(redactAttrs(v.Group())...)
	case slog.KindAny:
		return redactAny(v)
	}
	return v
}

func redactAttrs(attrs []slog.Attr) []slog.Attr {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = redactAttr(a)
	}
	return out
}

// redactAny masks an error's message, and the strings of any other value
// whose JSON form holds a run of digits, by writing it as JSON, decoding
// that generically and masking each string.
func redactAny(v slog.Value) slog.Value {
	if err, ok := v.Any().(error); ok {
		return slog.StringValue(MaskPhones(err.Error()))
	}
	raw, err := json.Marshal(v.Any())
	if err != nil || !hasPhone(raw) {
		return v // the handler reports a value it cannot write
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return v
	}
	return slog.AnyValue(maskJSON(generic))
}

// maskJSON masks the strings, object keys included, of a value decoded
// from JSON.
func maskJSON(v any) any {
	switch v := v.(type) {
	case string:
		return MaskPhones(v)
	case []any:
		for i := range v {
			v[i] = maskJSON(v[i])
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[MaskPhones(k)] = maskJSON(e)
		}
		return out
	}
	return v
}
