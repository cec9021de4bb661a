package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// fatal reports whether an error means that nothing will work with these
// settings: the credentials or the region are wrong, the token lacks
// oauth:client:authorize, or the API cannot be reached. Plan-time checks
// fail on these; on other failures of a catalogue they only warn.
func fatal(err error) bool {
	var te *genesys.TokenError
	var apiErr *genesys.APIError
	switch {
	case errors.As(err, &te), errors.Is(err, genesys.ErrUnauthorized):
		return true
	case errors.As(err, &apiErr):
		return apiErr.MissingPermission()
	}
	return false
}

// errorDetail turns an API client error into a diagnostic detail that names
// the client and says what to do.
func errorDetail(clientID string, err error) string {
	var b strings.Builder
	if clientID != "" {
		fmt.Fprintf(&b, "OAuth client %s: ", clientID)
	}
	var apiErr *genesys.APIError
	var tokErr *genesys.TokenError
	var dnsErr *net.DNSError
	var oddErr *genesys.UnexpectedAnswerError
	if errors.As(err, &tokErr) {
		b.WriteString(tokenDetail(tokErr))
		return b.String()
	}
	b.WriteString(err.Error())
	switch {
	case errors.As(err, &oddErr):
		b.WriteString("\n\nThe API answered " + oddErr.Call + " with something the provider does not understand: the " +
			"answer does not match the API contract the provider is written against. Nothing was concluded from it. " +
			"Please report it to the provider's maintainers")
		if oddErr.ContextID != "" {
			b.WriteString(", with the answer's contextId " + oddErr.ContextID)
		}
		b.WriteString(".")
	case errors.As(err, &apiErr) && apiErr.MissingPermission():
		// The error itself says who must run it.
	case errors.As(err, &apiErr) && apiErr.RetryAfter > 0:
		b.WriteString("\n\nThe time left to the call is set by request_timeout in the provider block or the resource's " +
			"timeouts; raise it to wait, or run the command again later.")
	case errors.Is(err, genesys.ErrUnauthorized):
		b.WriteString("\n\nThe API refused the access token: check the credentials, or mint a fresh access token.")
	case errors.Is(err, genesys.ErrRateLimited):
		b.WriteString("\n\nThe API's rate limit was still exceeded after every retry: lower requests_per_minute, " +
			"raise max_retries, or run with a smaller -parallelism.")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("\n\nRaise request_timeout in the provider block or the resource's timeouts block, or check that " +
			"the API is reachable.")
	case errors.Is(err, genesys.ErrRedirect):
		b.WriteString("\n\nCheck api_url and region: the Genesys Cloud API never redirects.")
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		b.WriteString("\n\nThe host " + dnsErr.Name + " does not resolve: check api_url (or region), and the network's DNS.")
	case errors.Is(err, genesys.ErrServer):
		b.WriteString("\n\nThe API failed on its side; run the same command again. Give the contextId to Genesys " +
			"Cloud support if it keeps failing.")
	}
	return b.String()
}

// signInDetail is the detail of a failed sign-in (the token, before any
// resource is read). A sign-in that ran out of time names the timeout and
// the setting it came from: no resource's timeouts block applies to it.
func signInDetail(err error, timeout time.Duration, from string) string {
	var te *genesys.TokenError
	isToken := errors.As(err, &te)
	timedOut := isToken && te.Kind == genesys.TokenTimeout || !isToken && errors.Is(err, context.DeadlineExceeded)
	if !timedOut {
		return errorDetail("", err)
	}
	what := err.Error()
	if isToken {
		what = te.Describe("token_url")
	}
	raise := "raise it"
	if from == "the default of request_timeout" {
		raise = "set request_timeout in the provider block (or " + EnvRequestTimeout + ") higher"
	}
	return fmt.Sprintf("%s\n\nThe sign-in got no answer within %s, the request timeout set by %s (a resource's timeouts "+
		"block does not apply to the sign-in): %s, or check that the token URL (region or token_url) is reachable.",
		what, timeout, from, raise)
}

// tokenDetail is a failed sign-in in the provider's words: the setting the
// token URL comes from, and what to check for each kind of failure.
func tokenDetail(te *genesys.TokenError) string {
	var b strings.Builder
	b.WriteString(te.Describe("token_url"))
	switch te.Kind {
	case genesys.TokenRefused:
		b.WriteString("; check the OAuth client ID and secret (oauthclient_id / oauthclient_secret, or " +
			EnvClientID + " / " + EnvClientSecret + "), that the client uses the client-credentials grant, and that " +
			"region matches the organization's")
	case genesys.TokenRateLimited:
		b.WriteString("; too many sign-ins with this OAuth client at once: raise max_retries, or start fewer runs together")
	case genesys.TokenUnreachable:
		b.WriteString("; check region (or token_url) and the network")
	case genesys.TokenTimeout:
		b.WriteString("; check that the token URL (region or token_url) is reachable, or raise request_timeout")
	case genesys.TokenRedirect:
		b.WriteString("; check region (or token_url)")
	case genesys.TokenNotAToken:
		b.WriteString("; check token_url")
	case genesys.TokenNoEndpoint:
		b.WriteString("; the URL is not a token endpoint: check token_url (it ends in /oauth/token, such as " +
			"https://login.mypurecloud.com/oauth/token), or leave it out to use region's")
	case genesys.TokenFailed:
	}
	return b.String()
}

// refusals ties a 400 refusal of a write to the attribute at fault, by the
// request field its error body names (details[].fieldName) and its code
// ("" matches any code; the first match wins). It is the one place a
// refusal is tied to an attribute: the message text is the API's own and
// is never read for it.
var refusals = []struct{ field, code, attribute, remedy string }{
	{"client.id", genesys.CodeBadRequest, "client_id", "Fix client_id: a client-credentials client gets its access from its own roles"},
	{"client.id", "", "client_id", "Fix client_id: it must name an OAuth client of the organization"},
	{"scope", "", "scopes", "Fix the scopes attribute: each scope must exist and be one the client asks for"},
	{"roles", genesys.CodeBadRequest, "roles", "Fix the roles attribute: roles are only for built-in clients"},
	{"roles", "", "roles", "Fix the roles attribute: each role must exist in the organization"},
}

// refusedAttribute is the attribute a 400 refusal is about and its remedy;
// a 404 of a write (a PUT is an upsert) means the client does not exist.
func refusedAttribute(err error) (attribute, remedy string, ok bool) {
	if errors.Is(err, genesys.ErrNotFound) {
		return "client_id", "Fix client_id: no OAuth client has this ID (the API answered 404 Not Found), so there is " +
			"nothing to authorize. Check the ID against the vendor's instructions, or Admin > Integrations > OAuth for " +
			"the organization's own clients; if the vendor deleted the client, remove this resource. Nothing was written.", true
	}
	var apiErr *genesys.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		return "", "", false
	}
	for _, field := range apiErr.Fields() {
		for _, r := range refusals {
			if r.field == field && (r.code == "" || r.code == apiErr.Code) {
				return r.attribute, r.remedy, true
			}
		}
	}
	return "", "", false
}

// addRefusal adds the error of a write, on the attribute it is about when
// the API names one, with its remedy, then what (when not empty).
func addRefusal(diags *diag.Diagnostics, summary, clientID string, err error, what string) {
	detail := errorDetail(clientID, err)
	attribute, remedy, ok := refusedAttribute(err)
	if ok {
		detail += "\n\n" + remedy
	}
	if what != "" {
		detail += "\n\n" + what
	}
	if ok {
		diags.AddAttributeError(path.Root(attribute), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}
