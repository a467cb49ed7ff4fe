package timers_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/timers"
)

var _ sweeper.Task = (*timers.Task)(nil)

// The timer tasks plug into the sweeper as the runner wires them.
func TestTheSweeperRunsTheTimers(t *testing.T) {
	repo := orderstore.New(backends.Bolt(t), orderstore.Options{Logger: slog.New(slog.DiscardHandler)})
	var cfg timers.Config // the defaults
	s := sweeper.New(nil, sweeper.HealTask{Repo: repo},
		timers.PayTimeout(repo, cfg), timers.AcceptTimeout(repo, cfg), timers.AutoComplete(repo, cfg))
	report := s.Sweep(context.Background())
	out, _ := json.Marshal(report)
	if len(report.Errors) != 0 || len(report.Tasks) != 4 || report.Tasks["pay-timeout"] != (timers.Report{}) {
		t.Errorf("sweep report %s", out)
	}
}
