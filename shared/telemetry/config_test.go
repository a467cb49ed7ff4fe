package telemetry

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr []string
	}{
		{"zero after defaults", Config{}, nil},
		{"http endpoint", Config{OTLPEndpoint: "http://otel:4318"}, nil},
		{"https endpoint", Config{OTLPEndpoint: "https://otel.example/otlp"}, nil},
		{"no scheme", Config{OTLPEndpoint: "otel:4318"}, []string{"scheme"}},
		{"no host", Config{OTLPEndpoint: "http://"}, []string{"no host"}},
		{"every problem", Config{ServiceName: " ", ExportInterval: -time.Second, OTLPEndpoint: "grpc://x"},
			[]string{"service name", "negative", "scheme"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.setDefaults()
			err := cfg.Validate()
			if (err != nil) != (len(tt.wantErr) > 0) {
				t.Fatalf("Validate() = %v, want errors %v", err, tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Validate() = %v, want it to mention %q", err, want)
				}
			}
		})
	}
}

func TestSignalURL(t *testing.T) {
	for base, want := range map[string]string{
		"http://otel:4318":       "http://otel:4318/v1/traces",
		"http://otel:4318/":      "http://otel:4318/v1/traces",
		"https://otel/prefix":    "https://otel/prefix/v1/traces",
		"https://otel/prefix/?x": "https://otel/prefix/v1/traces?x",
	} {
		got, err := signalURL(base, "v1/traces")
		if err != nil || got != want {
			t.Errorf("signalURL(%q) = %q, %v; want %q", base, got, err, want)
		}
	}
}

func TestConfigLogValueHidesPassword(t *testing.T) {
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("config",
		"telemetry", Config{OTLPEndpoint: "https://user:s3cret@otel:4318"})
	if strings.Contains(buf.String(), "s3cret") || !strings.Contains(buf.String(), "otel:4318") {
		t.Fatalf("logged %s", buf.String())
	}
}
