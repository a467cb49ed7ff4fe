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

func TestRedisAnswers(t *testing.T) {
	srv, err := StartRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts, err := redis.ParseURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	defer c.Close()
	if err := c.Set(context.Background(), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get(context.Background(), "k").Result(); err != nil || v != "v" {
		t.Fatalf("get: %q %v", v, err)
	}
}
