package app

import (
	"fmt"
	"strings"
)

// Variable describes one environment variable for people: its name, its
// default as the environment would spell it, who reads it, what it means.
type Variable struct {
	Name, Default, ReadBy, Doc string
}

// Variables lists every variable LoadConfig reads, in the table's order.
func Variables() []Variable {
	vars := variables()
	out := make([]Variable, len(vars))
	for i, v := range vars {
		out[i] = Variable{Name: v.name, Default: v.def, ReadBy: v.readBy, Doc: v.doc}
	}
	return out
}

// Markdown is the table of every variable, as docs/configuration.md
// holds it (a test keeps the file up to date).
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Configuration\n\n")
	b.WriteString("Every environment variable the order center reads, generated from the table in\n")
	b.WriteString("`shared/app/variables.go` (`go test ./shared/app -run TestConfigurationDoc -update`\n")
	b.WriteString("rewrites this file). Secrets are never variables: they are files in `SECRETS_DIR`\n")
	b.WriteString("(`jwt-secret`, `payment-webhook-secret`, `payment-api-key`, `event-signing-secret`;\n")
	b.WriteString("Redis's credentials, when it asks for them: `redis-username`, `redis-password`,\n")
	b.WriteString("`redis-ca.crt`, `redis-sentinel-password`, see `shared/redisclient`; NATS's, when it\n")
	b.WriteString("asks for them: one of `nats-creds`, `nats-nkey` or `nats-user` with `nats-password`, and\n")
	b.WriteString("`nats-ca.crt`, see `shared/natsconn`). Durations are Go durations (`15m`, `168h`);\n")
	b.WriteString("limits are `<count>/<duration>` or `0` for none.\n")
	b.WriteString("Each function prints the whole configuration once, when it is wired.\n\n")
	b.WriteString("| variable | default | read by | meaning |\n|---|---|---|---|\n")
	for _, v := range Variables() {
		def := "(none)"
		if v.Default != "" {
			def = "`" + v.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", v.Name, def, v.ReadBy, v.Doc)
	}
	return b.String()
}
