package genesys

// Test-only access for the package's external tests (package genesys_test).

// DecodeError is decodeError, for its fuzz target and tests.
var DecodeError = decodeError

// TokenRequests is how many token requests this client has sent.
func (c *Client) TokenRequests() int64 { return c.tokens.requests.Load() }
