package signature

import "github.com/ordercenter/ordercenter/shared/secrets"

// ParseSecrets reads the content of the payment-webhook-secret file by the
// rule of every secret that holds one key a line, secrets.ParseLines: one
// secret per line, surrounding spaces trimmed, blank lines and lines
// starting with # skipped, the current secret (the one a provider signs
// with) first. It returns nil when the file holds no secret.
func ParseSecrets(fileContent []byte) [][]byte {
	return secrets.ParseLines(fileContent)
}
