package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smokeMix weighs the late steps up, so that a short run reaches every
// operation.
const smokeMix = "browse=5,place=10,pay=10,accept=10,ready=10,pickup=10,deliver=10,confirm=10," +
	"cancel=3,refund=6,get-order=5,my-orders=5,store-orders=5"

// The small version of a run, in CI: ocload -serve against the runner it
// starts in this process, 10 s at 25 arrivals a second of the whole
// lifecycle. Every operation runs, none fails, and the three reports are
// written and well formed.
func TestServeRunsEveryOperationWithoutFailures(t *testing.T) {
	dir := t.TempDir()
	jsonFile, htmlFile := filepath.Join(dir, "out.json"), filepath.Join(dir, "out.html")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-serve", "-stack", "../../stack.yml", "-data", filepath.Join(dir, "data"),
		"-stores", "20", "-items", "6", "-users", "300", "-riders", "20",
		"-rate", "25", "-duration", "10s", "-mix", smokeMix, "-preload", "10",
		"-json", jsonFile, "-html", htmlFile, "-quiet"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	t.Logf("summary:\n%s", stdout.String())
	var rep report
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("the JSON report does not decode: %v", err)
	}
	c := rep.Counts
	if c.Due < 200 || c.Answered != c.Due || c.Failed != 0 || c.Dropped != 0 {
		t.Fatalf("counts %+v: want every arrival answered, none failed or dropped", c)
	}
	ran := map[string]int64{}
	for _, op := range rep.Operations {
		ran[op.Name] = op.Calls
	}
	for _, op := range operations {
		if ran[op] == 0 {
			t.Errorf("%s never ran (calls %v)", op, ran)
		}
	}
	if len(rep.Timeline) < 10 || rep.All.Latency.P50 <= 0 {
		t.Errorf("timeline of %d seconds, p50 %v", len(rep.Timeline), rep.All.Latency.P50)
	}
	html, err := os.ReadFile(htmlFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(html), "<svg"); n != 4 || strings.Contains(string(html), "<script") {
		t.Errorf("the HTML report has %d charts (want 4) or a script", n)
	}
	if !strings.Contains(stdout.String(), "store-orders") || !strings.Contains(stdout.String(), "\nall ") {
		t.Errorf("the summary lacks a line per operation:\n%s", stdout.String())
	}
}
