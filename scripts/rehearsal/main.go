// Command rehearsal is the Go half of scripts/rehearsal.sh, the deployment
// rehearsal: every function built from its shrinkwrapped context and run
// as its own process, as on OpenFaaS in the template's own HTTP mode, with
// the connector and a gateway in front. Its subcommands:
//
//	rehearsal stage -stack stack.yml -secrets DIR -out DIR
//	    writes fresh secrets into -secrets and, for each function of the
//	    stack, <out>/<name>/env (its stack environment, ${VAR:-default}
//	    substituted from this environment as faas-cli deploy does) and
//	    <out>/<name>/secrets (only the secrets the stack gives it)
//	rehearsal gateway -addr 127.0.0.1:PORT -function name=port... -secrets DIR
//	    routes /function/<name>/<rest> to http://127.0.0.1:<port>/<rest>, as
//	    the OpenFaaS gateway and the of-watchdog do; serves the demo catalog,
//	    the sandbox payment provider (its webhooks to /function/pay-callback)
//	    and the sandbox push gateway below /sandbox/, as the runner does; and
//	    counts the answers per function at GET /rehearsal/calls
//	rehearsal batch -url BASE -secrets DIR -n 50 -prefix P
//	    places n orders (one user each), pays each through the sandbox
//	    provider, and waits until every one is PAID and its user and its
//	    merchant have had their order.paid push
//	rehearsal refund -url BASE -secrets DIR -prefix P
//	    refunds the first order of batch P as service and waits until the
//	    refund SUCCEEDED and the sandbox provider carried it out
//	rehearsal calls -url BASE -function NAME -status CLASS -min N [-wait D]
//	    waits until the gateway has answered NAME at least N times with a
//	    status of CLASS (2xx, 5xx or a number)
//
// It only ever calls loopback addresses it is given.
package main

import (
	"fmt"
	"os"
)

func main() {
	commands := map[string]func([]string) error{
		"stage": stage, "gateway": gateway, "batch": batch, "refund": refund, "calls": calls,
	}
	if len(os.Args) < 2 || commands[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: rehearsal stage|gateway|batch|refund|calls [flags]")
		os.Exit(2)
	}
	if err := commands[os.Args[1]](os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "rehearsal %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
