// Package telemetry is the order center's observability foundation: JSON
// logs that carry the function name and the trace and span ids and never show
// a phone number in clear, OpenTelemetry trace and metric providers exported
// over OTLP/HTTP and as Prometheus text, per-function call instrumentation
// for the gateway, and W3C trace context carried in HTTP and NATS headers.
//
// A function or the runner calls [Setup] once, defers [Telemetry.Shutdown],
// and logs through [NewLogger]:
//
//	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: "place-order", OTLPEndpoint: env.OTLPEndpoint})
//	if err != nil {
//		return fmt.Errorf("start telemetry: %w", err)
//	}
//	defer tel.Shutdown(context.WithoutCancel(ctx))
//	log := telemetry.NewLogger(os.Stderr, "place-order", slog.LevelInfo)
//
// Nothing here opens a connection at construction: the OTLP exporters
// connect lazily when they first export.
package telemetry
