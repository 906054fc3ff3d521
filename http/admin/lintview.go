package admin

import (
	"flashback/accuracy"
)

// lintView is the linter's verdict as the editor sees it.
type lintView struct {
	Findings         []accuracy.Finding
	Errors, Warnings int
}

func newLintView(fs []accuracy.Finding) lintView {
	e, w := accuracy.Summary(fs)
	return lintView{Findings: fs, Errors: e, Warnings: w}
}
