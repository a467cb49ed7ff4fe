package dynamokv

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	//lint:ignore SA1019 otelaws v0.72.0 is marked unsupported, with no successor in contrib; it is pinned, and the one place it is used.
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws"

	"github.com/ordercenter/ordercenter/shared/telemetry"
)

// dialTimeout bounds how long opening one connection may take, below the
// deadlines callers usually set, so that a retry can still happen.
const dialTimeout = 5 * time.Second

// baseBackoff is the first delay between attempts, doubled with each one
// (with jitter) up to Config.MaxBackoff.
const baseBackoff = 50 * time.Millisecond

// newClient builds the SDK client. It opens no connection and calls no
// service: credentials and connections are resolved on the first request.
func newClient(cfg Config) (*dynamodb.Client, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return newRetryer(cfg) }),
		config.WithHTTPClient(newHTTPClient(cfg.MaxIdleConns)),
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	if creds := credentialsFor(cfg); creds != nil {
		opts = append(opts, config.WithCredentialsProvider(creds))
	}
	// LoadDefaultConfig only reads the environment and the shared files;
	// the context is not used for any network call.
	awsCfg, err := config.LoadDefaultConfig(context.Background(), opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	if awsCfg.Region == "" {
		return nil, errors.New("no AWS region: give one in the configuration, AWS_REGION or the shared AWS config")
	}
	// One client span per call, retries inside it, with the table's name
	// and the operation's shape (never an item's keys or values).
	otelaws.AppendMiddlewares(&awsCfg.APIOptions, otelaws.WithTracerProvider(cfg.TracerProvider),
		otelaws.WithTextMapPropagator(telemetry.Propagator()))
	return dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		// DynamoDB Local and others answer with checksums the SDK would
		// warn about; TLS already guards the body on AWS.
		o.DisableValidateResponseChecksum = true
	}), nil
}

// credentialsFor is the configured provider, or dummy static credentials
// for a local server when the environment has none, or nil for the AWS
// default chain.
func credentialsFor(cfg Config) aws.CredentialsProvider {
	switch {
	case cfg.Credentials != nil:
		return cfg.Credentials
	case cfg.Endpoint != "" && os.Getenv("AWS_ACCESS_KEY_ID") == "":
		return credentials.NewStaticCredentialsProvider("local", "local", "")
	}
	return nil
}

// newRetryer is the SDK's standard retryer with few attempts and short,
// jittered backoff.
func newRetryer(cfg Config) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = cfg.MaxAttempts
		o.MaxBackoff = cfg.MaxBackoff
		o.Backoff = retry.BackoffDelayerFunc(func(attempt int, _ error) (time.Duration, error) {
			return jitter(baseBackoff, attempt, cfg.MaxBackoff), nil
		})
	})
}

// jitter is a random delay between half and all of base doubled attempt-1
// times, capped at limit: it grows with the attempts, and clients that
// failed together do not retry together.
func jitter(base time.Duration, attempt int, limit time.Duration) time.Duration {
	d := limit
	if attempt < 30 {
		d = min(base<<max(attempt-1, 0), limit)
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// newHTTPClient keeps enough idle connections for many concurrent calls to
// one host (the standard library keeps 2, the SDK 10).
func newHTTPClient(maxIdle int) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConns = maxIdle
			t.MaxIdleConnsPerHost = maxIdle
		}).
		WithDialerOptions(func(d *net.Dialer) {
			d.Timeout = dialTimeout
		})
}
