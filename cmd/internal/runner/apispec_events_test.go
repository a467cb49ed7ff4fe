package runner

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/pb33f/jsonschema/v6"

	"github.com/ordercenter/ordercenter/api"
	"github.com/ordercenter/ordercenter/shared/order"
)

// eventLog keeps every event the runner publishes while the API check
// runs, to check them against api/asyncapi.yaml.
type eventLog struct {
	mu   sync.Mutex
	msgs []*nats.Msg
}

func recordEvents(t *testing.T, r *Runner) *eventLog {
	t.Helper()
	l := &eventLog{}
	sub, err := r.nc.Subscribe(order.EventSubjectPrefix+">", func(m *nats.Msg) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.msgs = append(l.msgs, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	return l
}

func (l *eventLog) all() []*nats.Msg {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.msgs)
}

// missing lists the event types not published yet.
func (l *eventLog) missing() []string {
	seen := map[string]bool{}
	for _, m := range l.all() {
		seen[strings.TrimPrefix(m.Subject, order.EventSubjectPrefix)] = true
	}
	var out []string
	for _, typ := range order.EventTypes() {
		if !seen[typ.String()] {
			out = append(out, typ.String())
		}
	}
	return out
}

// waitForEveryType waits (10 s at most) until every event type was
// published: the last ones follow the calls through the connector.
func (l *eventLog) waitForEveryType(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && len(l.missing()) > 0; {
		time.Sleep(20 * time.Millisecond)
	}
	if m := l.missing(); len(m) > 0 {
		t.Errorf("event types never published: %v", m)
	}
}

// messageSchemas are the payload and headers schemas of each message of
// the AsyncAPI document, by event type (the message's name).
type messageSchemas map[string]struct{ payload, headers *jsonschema.Schema }

func asyncAPISchemas(t *testing.T) messageSchemas {
	t.Helper()
	raw, err := api.YAMLToJSON(api.AsyncAPIYAML)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Components struct {
			Messages map[string]struct{ Name string } `json:"messages"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &parsed); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource("asyncapi.json", doc); err != nil {
		t.Fatal(err)
	}
	out := messageSchemas{}
	for key, m := range parsed.Components.Messages {
		at := "asyncapi.json#/components/messages/" + key
		out[m.Name] = struct{ payload, headers *jsonschema.Schema }{c.MustCompile(at + "/payload"), c.MustCompile(at + "/headers")}
	}
	return out
}

// check validates every event published against its message.
func (l *eventLog) check(t *testing.T) {
	t.Helper()
	schemas := asyncAPISchemas(t)
	for _, m := range l.all() {
		typ := strings.TrimPrefix(m.Subject, order.EventSubjectPrefix)
		s, ok := schemas[typ]
		if !ok {
			t.Errorf("%s: no message of the AsyncAPI document", m.Subject)
			continue
		}
		payload, err := jsonschema.UnmarshalJSON(bytes.NewReader(m.Data))
		if err != nil {
			t.Errorf("%s: %v", m.Subject, err)
			continue
		}
		if err := s.payload.Validate(payload); err != nil {
			t.Errorf("%s: the payload breaks the document: %v\n%s", m.Subject, err, m.Data)
		}
		headers := map[string]any{}
		for k, v := range m.Header {
			headers[k] = v[0]
		}
		if err := s.headers.Validate(headers); err != nil {
			t.Errorf("%s: the headers break the document: %v\n%v", m.Subject, err, m.Header)
		}
		var ev struct {
			EventID string `json:"event_id"`
		}
		if json.Unmarshal(m.Data, &ev) == nil && m.Header.Get("Nats-Msg-Id") != ev.EventID {
			t.Errorf("%s: Nats-Msg-Id %q is not the event_id %q", m.Subject, m.Header.Get("Nats-Msg-Id"), ev.EventID)
		}
	}
}
