// Command ordercenter is the local order center: `ordercenter serve` (the
// default) starts every function behind one gateway with everything they
// depend on; `ordercenter token` prints a development JWT.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  ordercenter [serve] [--addr 127.0.0.1:8080] [--data ./.data] [--catalog FILE]
  ordercenter token --role user|merchant|rider|service --sub ID [--store ID] [--ttl 1h] [--data ./.data]
`

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, stderr)
	case "token":
		return token(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "ordercenter: unknown command %q\n%s", cmd, usage)
		return 2
	}
}
