// Package e2e holds Flashback's end-to-end tests: the real program started
// in-process with a fixed clock, driven by a real headless Chromium.
//
// The tests need Chromium. They look for $FLASHBACK_TEST_CHROMIUM, then
// "chromium" and "chromium-browser" on PATH, and skip when none is found,
// unless $FLASHBACK_TEST_REQUIRE_ALL=1 (set by scripts/test), in which case
// they fail. Screenshots and page dumps go to each test's artifact directory:
// keep them with `go test ./e2e -artifacts -outputdir DIR` (DIR must exist), or set
// $FLASHBACK_TEST_ARTIFACTS to a directory.
//
// The helpers in harness_test.go (StartSite) and browser_test.go
// (StartBrowser, Page) are meant to be reused by every browser test.
package e2e
