package function

import (
	"context"
	"log/slog"
)

func logTaskError(ctx context.Context, task string, err error) {
	slog.ErrorContext(ctx, "sweeper task failed", "task", task, "err", err)
}
