package editorial

// Observer is told what the desk's operations did, for metrics: each
// completed import, and each lint check of an event an editor saves.
type Observer interface {
	ObserveImport(rep *ImportReport)
	// ObserveLint counts the findings on a saved event; overridden says
	// the event was published despite errors, with a reason.
	ObserveLint(errors, warnings int, overridden bool)
}
