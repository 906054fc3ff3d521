// Package edition puts together each calendar date's edition: it reads the
// day's events, the editors' picks and what stands open against the
// candidates, lints their articles, and leaves the choice of the featured
// story to the domain's pure flashback.ChooseFeatures.
package edition

import (
	"context"
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"

	"flashback"
	"flashback/accuracy"
)

// Service builds editions from the stores.
type Service struct {
	Events flashback.EventStore
	// Features holds editors' picks and open issues; without it every
	// choice is automatic and nothing counts as open.
	Features flashback.FeatureStore

	days dayMemo
}

var _ flashback.EditionReader = (*Service)(nil)

// Edition returns the edition of date. The featured story depends on the
// days since Monday, whose choices balance the week, so those are chosen
// first; 29 February of a common year (a page, not a real date) is chosen
// on its own.
func (s *Service) Edition(ctx context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	from := date
	if date.Valid() {
		from = date.WeekStart()
	}
	days, feats, err := s.choose(ctx, from, date)
	if err != nil {
		return nil, err
	}
	cats, err := s.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	last := days[len(days)-1]
	events := make([]*flashback.Event, len(last.Candidates))
	for i, c := range last.Candidates {
		events[i] = c.Event
	}
	return flashback.BuildEdition(date, cats, events, feats[len(feats)-1]), nil
}

// Editions returns the editions of n consecutive days from from, the
// same as Edition gives for each, with the weeks' features chosen once
// rather than once a day: what a feed of the last days needs.
func (s *Service) Editions(ctx context.Context, from flashback.CivilDate, n int) ([]*flashback.Edition, error) {
	if n < 1 {
		return nil, fmt.Errorf("editions: %d days asked for", n)
	}
	days, feats, err := s.choose(ctx, from.WeekStart(), from.AddDays(n-1))
	if err != nil {
		return nil, err
	}
	cats, err := s.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*flashback.Edition, 0, n)
	for i := len(days) - n; i < len(days); i++ {
		events := make([]*flashback.Event, len(days[i].Candidates))
		for j, c := range days[i].Candidates {
			events[j] = c.Event
		}
		out = append(out, flashback.BuildEdition(days[i].Date, cats, events, feats[i]))
	}
	return out, nil
}

// Plan returns n consecutive days from from with their candidates and
// chosen features, for the editorial calendar.
func (s *Service) Plan(ctx context.Context, from flashback.CivilDate, n int) ([]flashback.FeatureDay, []flashback.Feature, error) {
	to := from.AddDays(n - 1)
	days, feats, err := s.choose(ctx, from.WeekStart(), to)
	if err != nil {
		return nil, nil, err
	}
	skip := len(days) - n
	days, feats = days[skip:], feats[skip:]
	err = eachDay(ctx, days, func(ctx context.Context, fd *flashback.FeatureDay) (err error) {
		fd.Drafts, err = s.drafts(ctx, fd.Date)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return days, feats, nil
}

// drafts returns the unpublished events shown on date once published, for
// the editors' calendar: readers' pages never ask.
func (s *Service) drafts(ctx context.Context, date flashback.CivilDate) ([]*flashback.Event, error) {
	drafts, _, err := s.Events.FindEvents(ctx, flashback.EventFilter{On: flashback.ShownOn(date.MonthDay(), date.Year), OnlyDrafts: true})
	if err != nil {
		return nil, fmt.Errorf("drafts of %s: %w", date, err)
	}
	return drafts, nil
}

// choose loads the days start..to and chooses their features. The days
// are read a few at once: on a large site each is thousands of events
// (the editors' calendar reads 66 days), and the stores serve concurrent
// reads, SQLite from its pool of readers.
func (s *Service) choose(ctx context.Context, start, to flashback.CivilDate) ([]flashback.FeatureDay, []flashback.Feature, error) {
	var days []flashback.FeatureDay
	for d := start; ; d = d.AddDays(1) {
		days = append(days, flashback.FeatureDay{Date: d})
		if d == to || !d.Valid() {
			break
		}
	}
	// Read before the days, so that what they hold is at least as new.
	v, err := s.Events.ContentVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = eachDay(ctx, days, func(ctx context.Context, fd *flashback.FeatureDay) (err error) {
		fd.Candidates, err = s.readDay(ctx, v, fd.Date)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	for _, fd := range days {
		for _, c := range fd.Candidates {
			ids = append(ids, c.Event.ID)
		}
	}
	if err := s.addEditorial(ctx, days, ids, start, to); err != nil {
		return nil, nil, err
	}
	return days, flashback.ChooseFeatures(days), nil
}

// eachDay runs read on every day, up to one per processor at once, and
// returns the first error.
func eachDay(ctx context.Context, days []flashback.FeatureDay, read func(context.Context, *flashback.FeatureDay) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range days {
		g.Go(func() error { return read(ctx, &days[i]) })
	}
	return g.Wait()
}

// addEditorial adds the editors' picks and the open issues to days.
func (s *Service) addEditorial(ctx context.Context, days []flashback.FeatureDay, ids []int64, from, to flashback.CivilDate) error {
	if s.Features == nil {
		return nil
	}
	picks, err := s.Features.FeaturePicks(ctx, from, to)
	if err != nil {
		return err
	}
	issues, err := s.Features.OpenIssues(ctx, ids)
	if err != nil {
		return err
	}
	for i := range days {
		days[i].Picks = picks
		for j := range days[i].Candidates {
			days[i].Candidates[j].Issues = issues[days[i].Candidates[j].Event.ID]
		}
	}
	return nil
}

// cleanArticle reports whether e has an article in which the accuracy
// linter finds no error.
func cleanArticle(e *flashback.Event) bool {
	return e.Body != "" && accuracy.CountErrors(accuracy.LintEvent(e)) == 0
}
