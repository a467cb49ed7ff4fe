package httpcall

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {" 7 ", 7 * time.Second}, {"0", 0}, {"-1", 0}, {"soon", 0},
		{"86400", time.Hour}, {"99999999999999999", time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Second).Format(http.TimeFormat), 0},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), time.Hour},
	}
	for _, tt := range tests {
		if got := RetryAfter(http.Header{"Retry-After": {tt.value}}, now, time.Hour); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.value, got, tt.want)
		}
	}
}

// FuzzRetryAfter: any header value gives a wait from 0 to the limit.
func FuzzRetryAfter(f *testing.F) {
	f.Add("3")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add("-1")
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := RetryAfter(http.Header{"Retry-After": {v}}, now, time.Minute); d < 0 || d > time.Minute {
			t.Fatalf("%q: %s", v, d)
		}
	})
}
