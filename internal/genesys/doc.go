// Package genesys is the client of the Genesys Cloud Authorized
// Applications API (internal/contract/API.md): typed wire structs
// (types.go), one method per API operation (api.go), one private do that
// decodes the API's error body into a typed *APIError (client.go,
// errors.go), the token source (token.go), retries (retry.go) and the one
// validation of a Config (config.go, *ConfigError naming the setting).
// It speaks in the API's terms; the provider turns its errors into
// Terraform's words. It imports nothing of Terraform (a lint rule).
package genesys
