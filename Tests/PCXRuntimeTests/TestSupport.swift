// The helpers every test target shares (float comparison, repository paths, temporary
// directories) come from PCXTestSupport; every file of this target sees them through this import.
@_exported import PCXTestSupport
