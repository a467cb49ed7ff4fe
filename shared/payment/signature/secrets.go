package signature

import "bytes"

// ParseSecrets reads the content of the payment-webhook-secret file: one
// secret per line, surrounding spaces (and a CR of CRLF line ends) trimmed,
// blank lines and lines starting with # skipped. By convention the first
// secret is the current one, the one a provider signs with; the others are
// kept while a rotation completes. It returns nil when the file holds no
// secret. The secrets returned do not share memory with fileContent.
func ParseSecrets(fileContent []byte) [][]byte {
	var secrets [][]byte
	for line := range bytes.Lines(fileContent) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		secrets = append(secrets, bytes.Clone(line))
	}
	return secrets
}
