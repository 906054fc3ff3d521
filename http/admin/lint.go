package admin

import (
	"flashback"
	"flashback/accuracy"
)

func lintEvent(e *flashback.Event) []accuracy.Finding { return accuracy.LintEvent(e) }

// checkLint passes e through lintGate and tells the observer what the
// linter found on an event about to be saved.
func (h *Handler) checkLint(e *flashback.Event, lint lintView, f eventForm) (string, error) {
	note, err := lintGate(e, lint, f)
	if err == nil && h.Observer != nil {
		h.Observer.ObserveLint(lint.Errors, lint.Warnings, e.Published && lint.Errors > 0)
	}
	return note, err
}

// lintGate decides whether e may be saved as the form asks. A published
// event with lint errors needs an override reason; the reason goes into the
// revision note so the history says who overrode the linter and why.
func lintGate(e *flashback.Event, lint lintView, f eventForm) (note string, err error) {
	note = f.Note
	if !e.Published || lint.Errors == 0 {
		return note, nil
	}
	if f.Override == "" {
		return "", flashback.Errorf(flashback.EINVALID,
			"The accuracy linter found %s in this event. Fix them, or give a reason to publish anyway.", flashback.Plural(lint.Errors, "error", "errors"))
	}
	override := "Lint override (" + flashback.Plural(lint.Errors, "error", "errors") + "): " + f.Override
	if note == "" {
		return override, nil
	}
	return note + "\n" + override, nil
}
