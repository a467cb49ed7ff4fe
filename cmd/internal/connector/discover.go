package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/openfaas/faas-provider/auth"
	"github.com/openfaas/faas-provider/types"
)

// Discover reads the catalog from the annotations of the functions the
// OpenFaaS gateway lists (GET /system/functions, its default namespace),
// with basic auth when creds is set. ctx bounds the call.
func Discover(ctx context.Context, client *http.Client, gatewayURL string, creds *auth.BasicAuthCredentials) (Catalog, error) {
	url := strings.TrimSuffix(gatewayURL, "/") + "/system/functions"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Catalog{}, fmt.Errorf("discover: %w", err)
	}
	if creds != nil {
		req.SetBasicAuth(creds.User, creds.Password)
	}
	resp, err := client.Do(req)
	if err != nil {
		return Catalog{}, fmt.Errorf("discover: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return Catalog{}, fmt.Errorf("discover: %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return Catalog{}, fmt.Errorf("discover: %s answered %d: %.200s", url, resp.StatusCode, body)
	}
	var functions []types.FunctionStatus
	if err := json.Unmarshal(body, &functions); err != nil {
		return Catalog{}, fmt.Errorf("discover: %s: %w", url, err)
	}
	b := &builder{}
	for _, fn := range functions {
		if fn.Annotations != nil {
			b.add(fn.Name, *fn.Annotations)
		}
	}
	return b.catalog()
}
