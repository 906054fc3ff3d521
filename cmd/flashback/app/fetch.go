package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"flashback"
	"flashback/corpus/wikisync"
)

// fetchOptions are the flags of `import wikimedia -fetch`.
type fetchOptions struct {
	fetch, images, review, refresh bool
	lang, kind, from, to           string
	rate                           float64
}

// bind registers the fetch flags on fs.
func (o *fetchOptions) bind(fs *flag.FlagSet) {
	fs.BoolVar(&o.fetch, "fetch", false, "wikimedia: fetch Wikipedia's live feed instead of reading a file")
	fs.StringVar(&o.lang, "lang", "en", "-fetch: the Wikipedia language")
	fs.StringVar(&o.kind, "type", "all", "-fetch: all, selected, events, births, deaths or holidays")
	fs.StringVar(&o.from, "from", "01-01", "-fetch: first day, MM-DD")
	fs.StringVar(&o.to, "to", "12-31", "-fetch: last day, MM-DD")
	fs.BoolVar(&o.images, "images", false, "-fetch: also store each event's picture, served by this site")
	fs.BoolVar(&o.review, "review", false, "-fetch: store events as drafts for an editor to publish")
	fs.BoolVar(&o.refresh, "refresh", false, "-fetch: fetch every day in full, ignoring what earlier runs stored")
	fs.Float64Var(&o.rate, "rate", wikisync.DefaultRate, "-fetch: at most this many requests a second")
}

// feedKinds are the lists the feed serves; "all" is every one at once.
var feedKinds = map[string]bool{"all": true, "selected": true, "events": true, "births": true, "deaths": true, "holidays": true}

// request checks the options and turns them into the days to sync.
func (o fetchOptions) request() (wikisync.Request, error) {
	if !wikiLang.MatchString(o.lang) {
		return wikisync.Request{}, fmt.Errorf("%w: -lang %q: name a Wikipedia language such as en or de", ErrUsage, o.lang)
	}
	if !feedKinds[o.kind] {
		return wikisync.Request{}, fmt.Errorf("%w: -type %q: use all, selected, events, births, deaths or holidays", ErrUsage, o.kind)
	}
	if o.rate <= 0 || o.rate > 100 {
		return wikisync.Request{}, fmt.Errorf("%w: -rate %v: use 0 < rate <= 100 requests a second", ErrUsage, o.rate)
	}
	from, err := parseMonthDay("-from", o.from)
	if err != nil {
		return wikisync.Request{}, err
	}
	to, err := parseMonthDay("-to", o.to)
	if err != nil {
		return wikisync.Request{}, err
	}
	span := fmt.Sprintf("%02d-%02d..%02d-%02d", int(from.Month), from.Day, int(to.Month), to.Day)
	return wikisync.Request{Lang: o.lang, Kind: o.kind, Days: daySpan(from, to), Span: span}, nil
}

// daySpan is from to to inclusive, counting 29 February; a from after to
// wraps over the year end (12-25 to 01-05 is twelve days).
func daySpan(from, to flashback.MonthDay) []flashback.MonthDay {
	var days []flashback.MonthDay
	for md := from; ; md = md.Next() {
		days = append(days, md)
		if md == to {
			return days
		}
	}
}

// runFetch fetches Wikipedia's feed for the days o names and imports it.
func runFetch(ctx context.Context, cfg Config, o fetchOptions, stdout, stderr io.Writer) error {
	if err := cfg.requireWikimediaContact(); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	req, err := o.request()
	if err != nil {
		return err
	}
	stores, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer stores.Close()
	s := newSyncer(cfg, stores, o.images, o.rate)
	s.Review, s.Refresh = o.review, o.refresh
	p := newFetchProgress(stderr, len(req.Days))
	s.Progress = p.update
	fmt.Fprintf(stderr, "fetching %d days of %s Wikipedia's %q feed from %s\n", len(req.Days), req.Lang, req.Kind, cfg.wikimediaBase())
	st, err := s.Sync(ctx, req)
	p.finish(st)
	printFetchStats(stdout, st)
	if err != nil {
		return err
	}
	return tidySearchAfterImport(ctx, stores.Events, stderr)
}

// newSyncer wires a Syncer to the stores; images adds picture storage.
func newSyncer(cfg Config, stores *flashback.Stores, images bool, rate float64) *wikisync.Syncer {
	st := wikisync.Stores{Events: stores.Events, Conflicts: stores.Conflicts, Feeds: stores.Feeds}
	if images {
		st.Media = stores.Media
	}
	return wikisync.New(wikisync.Config{Base: cfg.wikimediaBase(), Contact: strings.TrimSpace(cfg.WikimediaContact),
		Version: version(), Rate: rate}, st)
}

func printFetchStats(w io.Writer, st wikisync.Stats) {
	fmt.Fprintf(w, "%d of %d days done (%d resumed, %d unchanged), %d requests: added %d, updated %d, held back %d, %d pictures, %d errors\n",
		st.Done, st.Days, st.Resumed, st.NotModified, st.Requests, st.Added, st.Updated, st.HeldBack, st.Images, st.Errors)
	for _, f := range st.Failures {
		fmt.Fprintf(w, "  failed %s\n", f)
	}
	if st.HeldBack > 0 {
		fmt.Fprintln(w, "held-back events wait for the editors: conflicts at /admin/conflicts, drafts in /admin")
	}
}

// version is the module version the binary was built from, for the
// User-Agent; "dev" for a build from a work tree.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
