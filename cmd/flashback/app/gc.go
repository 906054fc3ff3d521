package app

import "runtime/debug"

// servingGCPercent is the garbage collector's target a serving process
// uses unless the operator sets GOGC. A server keeps a few MB live (the
// page cache, the parsed templates, prepared statements, zones: 3 MB under
// the page benchmark), so at Go's default of 100 it collects after every
// few MB of garbage: a profile under load, when 8 MB were live, put the
// collector at about 11% of the CPU of a cached page view, and 3–8% of a
// digest's. At 400 the heap may grow to about five times what is live
// before a collection, a few tens of megabytes, for that CPU back.
const servingGCPercent = 400

// TuneGC sets the collector's target for a long-running process, unless
// GOGC in the environment says otherwise (the runtime has read it already).
func TuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(servingGCPercent)
	}
}
