package genesys_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The error body's details are kept on the APIError, bounded and clipped:
// a refusal names its field by fieldName, whatever its message says.
func TestDecodeErrorKeepsTheDetails(t *testing.T) {
	e := genesys.DecodeError("PUT", "/api/v2/oauth/authorizations/x", 400, []byte(`{"message":"no","code":"invalid.value",`+
		`"status":400,"details":[{"errorCode":"invalid.value","fieldName":"scope"},{"fieldName":"scope"},{"fieldName":"roles"}]}`))
	if got := e.Fields(); !slices.Equal(got, []string{"scope", "roles"}) || e.Details[0].ErrorCode != "invalid.value" {
		t.Errorf("fields %q, details %+v", got, e.Details)
	}
	var many []string
	for i := range 50 {
		many = append(many, fmt.Sprintf(`{"fieldName":"f%d%s"}`, i, strings.Repeat("x", 500)))
	}
	e = genesys.DecodeError("PUT", "/p", 400, []byte(`{"message":"no","code":"bad.request","status":400,"details":[`+strings.Join(many, ",")+`]}`))
	if len(e.Details) != 10 || len(e.Details[0].FieldName) > 103 {
		t.Errorf("%d details kept, the first %d bytes long; want at most 10 of at most 103", len(e.Details), len(e.Details[0].FieldName))
	}
}
