package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// tflogBridge hands the API client's log records to tflog.
func tflogBridge(ctx context.Context, level genesys.Level, msg string, fields map[string]any) {
	switch level {
	case genesys.LevelTrace:
		tflog.Trace(ctx, msg, fields)
	case genesys.LevelDebug:
		tflog.Debug(ctx, msg, fields)
	default:
		tflog.Warn(ctx, msg, fields)
	}
}
