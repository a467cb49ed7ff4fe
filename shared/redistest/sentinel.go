package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// SentinelGroup is a primary and one replica watched by three Sentinels
// (quorum 2) that fail over within seconds of the primary's end
// (down-after-milliseconds 1000, failover-timeout 3000), all of the
// test's own on loopback. The data nodes ask a password, the Sentinels
// another.
type SentinelGroup struct {
	// Master is the name the Sentinels know the primary by.
	Master string
	// Addrs are the Sentinels'.
	Addrs []string
	// Password is the data nodes' (requirepass, masterauth);
	// SentinelPassword the Sentinels' own.
	Password, SentinelPassword string
	nodes                      map[string]*Process
	stalled                    *Process
}

// Sentinel starts a SentinelGroup and waits until every Sentinel knows
// the replica and the other two; the test is skipped when there is no
// redis-server.
func Sentinel(t testing.TB) *SentinelGroup {
	t.Helper()
	g := &SentinelGroup{Master: "ordercenter", Password: randomHex(t), SentinelPassword: randomHex(t), nodes: map[string]*Process{}}
	primary := g.node(t)
	g.node(t, "--replicaof", "127.0.0.1", portOf(primary.Addr))
	for range 3 {
		g.Addrs = append(g.Addrs, g.sentinel(t, primary.Addr).Addr)
	}
	if err := g.settled(primary.Addr); err != nil {
		t.Fatal(err)
	}
	return g
}

// node starts a data node with args.
func (g *SentinelGroup) node(t testing.TB, args ...string) *Process {
	t.Helper()
	port := mustFreePort(t)
	p := spawn(t, port, append([]string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", t.TempDir(), "--save", "", "--appendonly", "no",
		"--requirepass", g.Password, "--masterauth", g.Password}, args...)...)
	c := redis.NewClient(&redis.Options{Addr: p.Addr, Password: g.Password})
	defer c.Close()
	if err := ping(c); err != nil {
		t.Fatal(err)
	}
	g.nodes[p.Addr] = p
	return p
}

// sentinel starts a Sentinel watching the primary at addr.
func (g *SentinelGroup) sentinel(t testing.TB, primary string) *Process {
	t.Helper()
	port := mustFreePort(t)
	host, pport, _ := net.SplitHostPort(primary)
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	m := g.Master
	lines := "bind 127.0.0.1\nport " + strconv.Itoa(port) + "\ndir " + filepath.Dir(conf) + "\nrequirepass " + g.SentinelPassword + "\n" +
		"sentinel sentinel-pass " + g.SentinelPassword + "\n" +
		"sentinel monitor " + m + " " + host + " " + pport + " 2\n" +
		"sentinel auth-pass " + m + " " + g.Password + "\n" +
		"sentinel down-after-milliseconds " + m + " 1000\n" +
		"sentinel failover-timeout " + m + " 3000\n"
	if err := os.WriteFile(conf, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	return spawn(t, port, conf, "--sentinel")
}

// settled waits up to 30 s until every Sentinel names primary, with the
// replica and the two other Sentinels known, so that a failover can be
// agreed on.
func (g *SentinelGroup) settled(primary string) error {
	var last string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ready := 0
		for _, addr := range g.Addrs {
			c := g.client(addr)
			m, err := c.Master(context.Background(), g.Master).Result()
			_ = c.Close()
			if err == nil && net.JoinHostPort(m["ip"], m["port"]) == primary && m["num-slaves"] == "1" && m["num-other-sentinels"] == "2" {
				ready++
			}
			last = fmt.Sprint(m, err)
		}
		if ready == len(g.Addrs) {
			return nil
		}
	}
	return fmt.Errorf("sentinels not settled: %s", last)
}

// client is a client of the Sentinel at addr.
func (g *SentinelGroup) client(addr string) *redis.SentinelClient {
	return redis.NewSentinelClient(&redis.Options{Addr: addr, Password: g.SentinelPassword, DialTimeout: time.Second})
}

// Primary is the address the first Sentinel that answers names as the
// primary's.
func (g *SentinelGroup) Primary(t testing.TB) string {
	t.Helper()
	for _, addr := range g.Addrs {
		c := g.client(addr)
		hp, err := c.GetMasterAddrByName(context.Background(), g.Master).Result()
		_ = c.Close()
		if err == nil {
			return net.JoinHostPort(hp[0], hp[1])
		}
	}
	t.Fatal("no Sentinel names the primary")
	return ""
}

// StallReplica cuts the replica off: the primary drops its link and the
// replica is frozen (it cannot link again), so that what the primary
// takes from now on is not replicated, as when a replica lags. The next
// KillPrimary thaws it; keep the stall well under a second, or the
// Sentinels take the replica for down too.
func (g *SentinelGroup) StallReplica(t testing.TB) {
	t.Helper()
	primary := g.Primary(t)
	for addr, p := range g.nodes {
		if addr != primary && p.cmd.ProcessState == nil {
			p.Freeze()
			g.stalled = p
		}
	}
	c := redis.NewClient(&redis.Options{Addr: primary, Password: g.Password})
	defer c.Close()
	if err := c.ClientKillByFilter(context.Background(), "TYPE", "replica").Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("replica stalled at the primary's replication offset %s", replicationOffset(c))
}

// KillPrimary kills the primary (SIGKILL), thaws a stalled replica, and
// returns the primary's address.
func (g *SentinelGroup) KillPrimary(t testing.TB) string {
	t.Helper()
	addr := g.Primary(t)
	c := redis.NewClient(&redis.Options{Addr: addr, Password: g.Password})
	defer c.Close()
	offset := replicationOffset(c)
	g.nodes[addr].Kill()
	if g.stalled != nil {
		g.stalled.Thaw()
		g.stalled = nil
	}
	t.Logf("primary killed at its replication offset %s", offset)
	return addr
}

// replicationOffset is the replication offset of the primary of c.
func replicationOffset(c *redis.Client) string {
	info, _ := c.Info(context.Background(), "replication").Result()
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "master_repl_offset:"); ok {
			return v
		}
	}
	return "unknown"
}

// WaitFailover waits up to 30 s until the Sentinels name a primary other
// than old, and returns it.
func (g *SentinelGroup) WaitFailover(t testing.TB, old string) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if addr := g.Primary(t); addr != old {
			return addr
		}
	}
	t.Fatalf("no failover from %s within 30 s", old)
	return ""
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

func mustFreePort(t testing.TB) int {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}
