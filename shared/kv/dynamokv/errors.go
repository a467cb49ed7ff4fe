package dynamokv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// unavailableCodes are the DynamoDB error codes of a store that is
// throttling or failing on its side: worth retrying later.
var unavailableCodes = map[string]bool{
	"ProvisionedThroughputExceededException": true,
	"ThrottlingException":                    true,
	"RequestLimitExceeded":                   true,
	"InternalServerError":                    true,
	"InternalFailure":                        true,
	"ServiceUnavailable":                     true,
	"LimitExceededException":                 true,
	"TransactionInProgressException":         true,
	"TransactionConflictException":           true,
}

// mapErr translates an SDK error into the sentinels of package kv. A
// failed condition is kv.ErrConditionFailed; an item the server finds too
// large is kv.ErrTooLarge (kv.ValidateItem should have caught it first: a
// backstop for servers that count sizes their own way);
// context errors stay context errors, the SDK's wrapping included;
// throttling, server faults, network failures and exhausted retries wrap
// both kv.ErrUnavailable and the cause. Anything else (a missing table, a
// request the server refuses) is returned as it is.
func mapErr(ctx context.Context, err error) error {
	switch {
	case isCode(err, "ConditionalCheckFailedException"):
		return kv.ErrConditionFailed
	case isTooLarge(err):
		return fmt.Errorf("%w: %w", kv.ErrTooLarge, err)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	case isUnavailable(err):
		return fmt.Errorf("%w: %w", kv.ErrUnavailable, err)
	}
	return err
}

// isCode reports whether err is a service error with the given code.
func isCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

// isTooLarge reports whether err is the server refusing an item for its
// size.
func isTooLarge(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationException" {
		return false
	}
	msg := strings.ToLower(apiErr.ErrorMessage())
	return strings.Contains(msg, "item size") || strings.Contains(msg, "too large")
}

// isUnavailable reports whether err says the store is unreachable,
// throttling or overloaded.
func isUnavailable(err error) bool {
	var (
		apiErr   smithy.APIError
		respErr  *awshttp.ResponseError
		sendErr  *smithyhttp.RequestSendError
		attempts *retry.MaxAttemptsError
		quota    ratelimit.QuotaExceededError
		timeout  *awshttp.ResponseTimeoutError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &apiErr) && (unavailableCodes[apiErr.ErrorCode()] || apiErr.ErrorFault() == smithy.FaultServer):
		return true
	case errors.As(err, &respErr) && (respErr.HTTPStatusCode() >= 500 || respErr.HTTPStatusCode() == 429):
		return true
	case errors.As(err, &attempts), errors.As(err, &quota), errors.As(err, &sendErr),
		errors.As(err, &timeout), errors.As(err, &netErr):
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}
