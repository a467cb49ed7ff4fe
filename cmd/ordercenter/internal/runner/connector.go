package runner

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/openfaas/go-sdk/stack"
	handler "github.com/openfaas/templates-sdk/go-http"
)

// connectorQueue is the queue group the connector subscribes in, so that
// several runners (or connector replicas) share the messages.
const connectorQueue = "ordercenter-connector"

// startConnector delivers NATS messages to the functions that subscribe to
// them through the topic annotation of the stack file, as the OpenFaaS
// NATS connector does: one call per message, the message as the body, the
// subject in X-Topic.
func (r *Runner) startConnector(ctx context.Context) error {
	topics, err := r.topics()
	if err != nil || len(topics) == 0 {
		return err
	}
	nc, err := nats.Connect(r.natsURL, nats.Name("ordercenter-connector"))
	if err != nil {
		return fmt.Errorf("connector: %w", err)
	}
	r.onClose(func(context.Context) error { return nc.Drain() })
	for subject, functions := range topics {
		_, err := nc.QueueSubscribe(subject, connectorQueue, func(m *nats.Msg) {
			for _, name := range functions {
				r.deliver(ctx, name, m)
			}
		})
		if err != nil {
			return fmt.Errorf("connector: subscribe %s: %w", subject, err)
		}
	}
	r.log.Info("NATS connector subscribed", "topics", topics)
	return nil
}

// topics maps each subject to the served functions that subscribe to it.
func (r *Runner) topics() (map[string][]string, error) {
	if r.cfg.StackFile == "" {
		return nil, nil
	}
	services, err := stack.ParseYAMLFile(r.cfg.StackFile, "", "", true)
	if err != nil {
		return nil, fmt.Errorf("connector: stack file %s: %w", r.cfg.StackFile, err)
	}
	topics := map[string][]string{}
	for name, fn := range services.Functions {
		if _, served := r.gateway.Lookup(name); !served || fn.Annotations == nil {
			continue
		}
		for _, subject := range strings.Split((*fn.Annotations)["topic"], ",") {
			if subject = strings.TrimSpace(subject); subject != "" && subject != "cron-function" {
				topics[subject] = append(topics[subject], name)
			}
		}
	}
	return topics, nil
}

func (r *Runner) deliver(ctx context.Context, name string, m *nats.Msg) {
	fn, ok := r.gateway.Lookup(name)
	if !ok {
		return
	}
	header := http.Header{"X-Topic": {m.Subject}, "X-Connector": {"nats-connector"},
		"Content-Type": {"application/json"}}
	for k, v := range m.Header {
		header[http.CanonicalHeaderKey(k)] = v
	}
	resp := r.gateway.Invoke(ctx, name, fn, handler.Request{Method: http.MethodPost, Header: header, Body: m.Data})
	if resp.StatusCode >= 300 {
		r.log.Warn("connector call failed", "function", name, "subject", m.Subject, "status", resp.StatusCode)
	}
}
