package embedded

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
)

func TestNATSKeepsStreamsAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for round := range 2 {
		srv, err := StartNATS(dir)
		if err != nil {
			t.Fatal(err)
		}
		nc, err := nats.Connect(srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		js, _ := jetstream.New(nc)
		if round == 0 {
			if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := js.Publish(ctx, "t.a", []byte("kept")); err != nil {
				t.Fatal(err)
			}
		} else {
			stream, err := js.Stream(ctx, "T")
			if err != nil {
				t.Fatalf("stream after restart: %v", err)
			}
			msg, err := stream.GetLastMsgForSubject(ctx, "t.a")
			if err != nil || string(msg.Data) != "kept" {
				t.Fatalf("after restart: %v %v", msg, err)
			}
		}
		nc.Close()
		srv.Close()
	}
}

func client(t *testing.T, url string) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { _ = c.Close() })
	return c
}
