package runner

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// Every address the banner gives answers, as do the GET examples it
// names; every function is named.
func TestBannerPointsAtWhatIsServed(t *testing.T) {
	r := startRunner(t, t.TempDir())
	defer r.Close(context.Background())
	banner := r.Banner()
	for _, name := range r.gateway.Names() {
		if !strings.Contains(banner, name) {
			t.Errorf("the banner does not name %s:\n%s", name, banner)
		}
	}
	row := regexp.MustCompile(`(?m)^  \S+ +(http://\S+) +(.*)$`)
	example := regexp.MustCompile(`GET (/\S+)`)
	rows := row.FindAllStringSubmatch(banner, -1)
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 7:\n%s", len(rows), banner)
	}
	for _, m := range rows {
		url := m[1]
		if strings.Contains(url, "<") {
			continue
		}
		if ex := example.FindStringSubmatch(m[2]); ex != nil {
			url += ex[1]
		} else if strings.Contains(m[2], "sandbox") {
			continue // a sandbox whose example is no GET
		}
		if code, body := get(t, url); code != 200 {
			t.Errorf("%s: %d %s", url, code, body)
		}
	}
}
