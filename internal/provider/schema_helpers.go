package provider

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Defaults of the timeouts block.
const (
	defaultWriteTimeout = 20 * time.Minute
	defaultReadTimeout  = 5 * time.Minute
)

// modifiedByDescription says what modified_by holds, wherever it appears.
const modifiedByDescription = "Name of who last changed the authorization (the API's `modifiedBy.name`): the " +
	"provider's own credentials for a change it made, an administrator's name for one made by hand. Null when " +
	"the API does not name anyone; a name is never guessed."

// timeoutsAttrTypes are the attributes of the timeouts block.
var timeoutsAttrTypes = map[string]attr.Type{
	"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
}

// uuidPattern is the shape of a Genesys Cloud OAuth client ID or role ID.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// scopePattern is the shape of an OAuth scope: lower-case words joined by
// colons, such as `analytics:readonly` (scopes are case-sensitive).
var scopePattern = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*(:[a-z0-9]+([-_.][a-z0-9]+)*)*$`)

// withTimeout bounds ctx by the operation's value in the timeouts block, or
// its default.
func withTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}

// stringsOf reads a set of strings; a null set is empty.
func stringsOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

// partlyUnknown reports whether a set, or any element of it, is known only
// after apply.
func partlyUnknown(s types.Set) bool {
	if s.IsUnknown() {
		return true
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}

func setOf(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// notEmpty refuses an empty set with a message that says what to write
// instead, where the framework's SizeAtLeast(1) would say only "must
// contain at least 1 elements".
type notEmpty struct{ attr, remedy string }

func (v notEmpty) Description(context.Context) string {
	return v.attr + " must not be empty: " + v.remedy
}

func (v notEmpty) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notEmpty) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, v.attr+" is empty", v.attr+" = [] is not allowed: "+v.remedy+".")
}
