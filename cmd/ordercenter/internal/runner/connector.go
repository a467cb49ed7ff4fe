package runner

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/openfaas/go-sdk/stack"
	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
)

// connectorQueue is the queue group plain subscriptions share, so that
// several runners (or connector replicas) share the messages.
const connectorQueue = "ordercenter-connector"

// startConnector delivers NATS messages to the functions that subscribe to
// them through the topic annotation of the stack file, as the OpenFaaS NATS
// connector does: one call per message, the message as the body, the
// subject in X-Topic. Subjects of the events stream are read through a
// durable consumer named after the function, so nothing is lost while the
// function fails: its answer decides (2xx done; 429 and 5xx retried with
// growing delays; other statuses, and the last retry, dead-lettered).
func (r *Runner) startConnector(ctx context.Context) error {
	topics, err := r.topics()
	if err != nil {
		return err
	}
	for name, subjects := range topics {
		var durable, plain []string
		for _, s := range subjects {
			if strings.HasPrefix(s, events.SubjectPrefix) {
				durable = append(durable, s)
			} else {
				plain = append(plain, s)
			}
		}
		if err := r.consumeDurably(ctx, name, durable); err != nil {
			return err
		}
		if err := r.subscribe(ctx, name, plain); err != nil {
			return err
		}
	}
	if len(topics) > 0 {
		r.log.Info("NATS connector started", "topics", topics)
	}
	return nil
}

// topics maps each served function to the subjects it subscribes to.
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
				topics[name] = append(topics[name], subject)
			}
		}
	}
	return topics, nil
}

func (r *Runner) consumeDurably(ctx context.Context, name string, subjects []string) error {
	if len(subjects) == 0 {
		return nil
	}
	spec := events.ConsumerSpec{Name: name, Subjects: subjects}
	c, err := events.NewConsumer(ctx, r.js, spec, func(ctx context.Context, m jetstream.Msg) error {
		resp := r.deliver(ctx, name, m.Subject(), m.Headers(), m.Data())
		return events.FromStatus(resp.StatusCode, resp.Header, resp.Body)
	}, r.log)
	if err != nil {
		return fmt.Errorf("connector: %w", err)
	}
	r.bg.Go(func() { _ = c.Run(ctx) })
	return nil
}

func (r *Runner) subscribe(ctx context.Context, name string, subjects []string) error {
	for _, subject := range subjects {
		_, err := r.nc.QueueSubscribe(subject, connectorQueue, func(m *nats.Msg) {
			resp := r.deliver(ctx, name, m.Subject, m.Header, m.Data)
			if resp.StatusCode >= 300 {
				r.log.Warn("connector call failed", "function", name, "subject", m.Subject, "status", resp.StatusCode)
			}
		})
		if err != nil {
			return fmt.Errorf("connector: subscribe %s: %w", subject, err)
		}
	}
	return nil
}

// deliver calls the function with one message.
func (r *Runner) deliver(ctx context.Context, name, subject string, h nats.Header, body []byte) handler.Response {
	fn, ok := r.gateway.Lookup(name)
	if !ok {
		return handler.Response{StatusCode: http.StatusNotFound}
	}
	header := http.Header{events.TopicHeader: {subject}, "X-Connector": {"nats-connector"},
		"Content-Type": {"application/json"}}
	for k, v := range h {
		header[http.CanonicalHeaderKey(k)] = v
	}
	return r.gateway.Invoke(ctx, name, fn, handler.Request{Method: http.MethodPost, Header: header, Body: body})
}
