package provider

// Test-only access for the package's external tests (package provider_test).

// ParseImportID is parseImportID, for its fuzz target and test.
var ParseImportID = parseImportID
