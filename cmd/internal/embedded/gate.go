package embedded

import (
	"sync"

	"github.com/alicebob/miniredis/v2/server"
)

// gate holds the clients' commands off while a snapshot reads the data.
// Each command of a client runs inside the server's pre-hook while the
// gate is read locked: the hook dispatches the command itself and tells
// the server it is done; that dispatch calls the hook again, which then
// lets it through. The calls a script makes (miniredis dispatches them
// on peers of its own, made with their Ctx set, where a client's peer has
// none at its first command) run under their script's hold and pass.
type gate struct {
	srv *server.Server
	mu  sync.RWMutex
	// clients are the peers of the connections; inside those whose
	// command the hook is dispatching.
	clients, inside sync.Map
}

// blocking are the commands that can wait for another client: they are
// not held off (they would hold a snapshot up until they end), so a
// snapshot may see their changes half done. The order center uses none.
var blocking = map[string]bool{"BLPOP": true, "BRPOP": true, "BRPOPLPUSH": true, "BLMOVE": true,
	"BZPOPMIN": true, "BZPOPMAX": true, "XREAD": true, "XREADGROUP": true, "WAIT": true}

func newGate(srv *server.Server) *gate {
	g := &gate{srv: srv}
	srv.SetPreHook(g.hook)
	return g
}

func (g *gate) hook(p *server.Peer, cmd string, args ...string) bool {
	if p.Ctx == nil {
		if _, known := g.clients.LoadOrStore(p, struct{}{}); !known {
			p.OnDisconnect(func() { g.clients.Delete(p) })
		}
	}
	if _, client := g.clients.Load(p); !client || blocking[cmd] {
		return false
	}
	if _, again := g.inside.LoadOrStore(p, struct{}{}); again {
		return false
	}
	defer g.inside.Delete(p)
	g.mu.RLock()
	defer g.mu.RUnlock()
	g.srv.Dispatch(p, append([]string{cmd}, args...))
	return true
}

// close waits for the commands running to end and holds new ones off.
func (g *gate) close() { g.mu.Lock() }

// open lets the commands held off run.
func (g *gate) open() { g.mu.Unlock() }
