package conflict

import "flashback"

// disagree reports whether two dates contradict each other on what both
// know, as flashback.HistDate.Agrees decides (the articles' sources line
// uses the same rule). Two day-precision dates written alike are taken as
// meant alike even when importers labelled their calendars differently,
// rather than reported as a calendar dispute.
func disagree(a, b flashback.HistDate) bool {
	return !a.Agrees(b)
}
