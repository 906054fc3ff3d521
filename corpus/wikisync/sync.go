// Package wikisync keeps events in step with Wikipedia's live "on this day"
// feed: it fetches the days asked for through a polite wikimedia.Client,
// stores their events through the editorial importer (so conflicting
// dates are held back for the editors), remembers each day's validators so
// that the next pass costs a 304 per unchanged day, and records progress
// per day so that a stopped run resumes where it stopped.
package wikisync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"flashback"
	"flashback/accuracy"
	"flashback/corpus/wikimedia"
	"flashback/editorial"
)

// Syncer fetches and imports days of one language's feed.
type Syncer struct {
	Client *wikimedia.Client
	Base   string // the API base, e.g. wikimedia.DefaultAPI
	Feeds  flashback.FeedStore
	Import *editorial.Importer
	// Media, when set, keeps each event's picture (the -images option).
	Media flashback.MediaStore
	// Review stores every event as a draft for an editor to publish.
	Review bool
	// Refresh ignores stored validators, to fetch every day in full.
	Refresh bool
	Workers int // days fetched at once (the Client's limiter bounds the rate)
	// MaxFeed bounds one day's answer; default wikimedia.MaxInput.
	MaxFeed int64
	// Progress, when set, is told after each day.
	Progress func(Stats)

	requests atomic.Int64
}

// Request names what to sync.
type Request struct {
	Lang string               // e.g. "en"
	Kind string               // "all", "selected", "events", "births", "deaths" or "holidays"
	Days []flashback.MonthDay // in the order to fetch them
	Span string               // names the range, e.g. "01-01..12-31", to resume the same run
}

// Stats is what a sync did so far.
type Stats struct {
	Days        int // asked for
	Done        int // handled, including those resumed and not modified
	Resumed     int // already done by the stopped run this one continues
	NotModified int
	Added       int
	Updated     int
	HeldBack    int // conflicting dates, and articles the linter refuses
	Images      int
	Errors      int
	Requests    int64
	// Failures describes the first few errors, one line each.
	Failures []string
}

// maxFailures bounds the failures Stats keeps; Errors counts them all.
const maxFailures = 20

// dayResult is a fetched day, ready to import, or why it failed.
type dayResult struct {
	md   flashback.MonthDay
	resp *wikimedia.Response
	day  *wikimedia.Day
	err  error
}

// Sync fetches and imports req's days. It returns an error when any day
// failed (the others are stored, and the next run retries the failed ones)
// or when ctx ended (the next run over the same span resumes).
func (s *Syncer) Sync(ctx context.Context, req Request) (Stats, error) {
	st := Stats{Days: len(req.Days)}
	feed := feedName(req)
	run, err := s.Feeds.StartFeedRun(ctx, feed, req.Span)
	if err != nil {
		return st, err
	}
	known, err := s.Feeds.FeedDays(ctx, feed)
	if err != nil {
		return st, err
	}
	todo := s.pending(req.Days, run, known, &st)
	results := s.fetchAll(ctx, req, todo, known)
	for r := range results {
		s.store(ctx, feed, r, &st)
		st.Requests = s.requests.Load()
		if s.Progress != nil {
			s.Progress(st)
		}
	}
	st.Requests = s.requests.Load()
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if st.Errors > 0 {
		return st, fmt.Errorf("%d of %d days failed; run the same command again to retry them", st.Errors, st.Days)
	}
	return st, s.Feeds.FinishFeedRun(ctx, feed)
}

// pending drops the days a resumed run had already done.
func (s *Syncer) pending(days []flashback.MonthDay, run flashback.FeedRun, known map[flashback.MonthDay]flashback.FeedDay, st *Stats) []flashback.MonthDay {
	var todo []flashback.MonthDay
	for _, md := range days {
		if d, ok := known[md]; run.Resumed && ok && !d.SyncedAt.Before(run.StartedAt) {
			st.Resumed++
			st.Done++
			continue
		}
		todo = append(todo, md)
	}
	return todo
}

// fetchAll fetches days with Workers at once; the channel closes when all
// are done or ctx ends.
func (s *Syncer) fetchAll(ctx context.Context, req Request, days []flashback.MonthDay, known map[flashback.MonthDay]flashback.FeedDay) <-chan dayResult {
	jobs := make(chan flashback.MonthDay)
	results := make(chan dayResult)
	var wg sync.WaitGroup
	for range max(s.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for md := range jobs {
				results <- s.fetchDay(ctx, req, md, known[md])
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, md := range days {
			select {
			case jobs <- md:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	return results
}

// fetchDay fetches and parses one day, and downloads its pictures.
func (s *Syncer) fetchDay(ctx context.Context, req Request, md flashback.MonthDay, prev flashback.FeedDay) dayResult {
	v := wikimedia.Validators{ETag: prev.ETag, LastModified: prev.LastModified}
	if s.Refresh {
		v = wikimedia.Validators{}
	}
	url := wikimedia.DayURL(s.Base, req.Lang, req.Kind, int(md.Month), md.Day)
	limit := s.MaxFeed
	if limit <= 0 {
		limit = wikimedia.MaxInput
	}
	resp, err := s.Client.Get(ctx, url, v, limit)
	if err != nil || resp.NotModified {
		return dayResult{md: md, resp: resp, err: err}
	}
	origin := fmt.Sprintf("wikipedia-%s-%s-%02d-%02d", req.Lang, req.Kind, int(md.Month), md.Day)
	day, err := wikimedia.ParseDay(bytes.NewReader(resp.Body), md, origin)
	if err != nil {
		return dayResult{md: md, err: err}
	}
	if s.Media != nil {
		s.attachImages(ctx, day)
	}
	return dayResult{md: md, resp: resp, day: day}
}

// attachImages stores each event's picture; one that fails a check is left
// out and the event is imported without it.
func (s *Syncer) attachImages(ctx context.Context, day *wikimedia.Day) {
	for _, e := range day.Events {
		pic, ok := day.Pictures[e]
		if !ok {
			continue
		}
		if img, err := s.storeImage(ctx, pic); err == nil {
			e.Image = img
		}
	}
}

// store imports a fetched day and records it as synced, in that order: a
// day is only marked done (and its validators kept) once its events are
// stored, so a crash between the two costs a refetch, never an event.
func (s *Syncer) store(ctx context.Context, feed string, r dayResult, st *Stats) {
	if r.err != nil {
		s.fail(st, r.md, r.err)
		return
	}
	if !r.resp.NotModified {
		if err := s.importDay(ctx, r.day, st); err != nil {
			s.fail(st, r.md, err)
			return
		}
	} else {
		st.NotModified++
	}
	v := r.resp.Validators
	if err := s.Feeds.SaveFeedDay(ctx, flashback.FeedDay{Feed: feed, Day: r.md, ETag: v.ETag, LastModified: v.LastModified}); err != nil {
		s.fail(st, r.md, err)
		return
	}
	st.Done++
}

// importDay stores a day's events: drafts when under review or when the
// linter finds an error in the article built for them.
func (s *Syncer) importDay(ctx context.Context, day *wikimedia.Day, st *Stats) error {
	for _, e := range day.Events {
		if s.Review {
			e.Published = false
		}
		if e.Published && accuracy.HasErrors(accuracy.LintEvent(e)) {
			e.Published = false
			st.HeldBack++
		}
		if e.Image != nil {
			st.Images++
		}
	}
	rep, err := s.Import.Import(ctx, day.Events)
	if rep != nil {
		st.Added += rep.Stats.Added
		st.Updated += rep.Stats.Updated
		st.HeldBack += rep.SetAside
	}
	return err
}

func (s *Syncer) fail(st *Stats, md flashback.MonthDay, err error) {
	if errors.Is(err, context.Canceled) {
		return // the run stopped; the day is simply not done
	}
	st.Errors++
	if len(st.Failures) < maxFailures {
		st.Failures = append(st.Failures, fmt.Sprintf("%02d-%02d: %s", int(md.Month), md.Day, describe(err)))
	}
}

// describe is an error's message for the operator: the user-facing text of
// a flashback.Error, else the error itself (a status, a timeout).
func describe(err error) string {
	var fe *flashback.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// feedName keys the stored state of req's feed, e.g. "wikimedia:en/all".
func feedName(req Request) string { return "wikimedia:" + req.Lang + "/" + req.Kind }
