package wikimedia

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"flashback"
)

// fileNameDay matches the end of a saved feed's file name: "01-31.json",
// "onthisday-01-31.json", "births_01-31.json".
var fileNameDay = regexp.MustCompile(`(?i)(?:^|[-_.])(\d{2})-(\d{2})\.json$`)

// MonthDayFromFileName reads the day a saved feed describes from its file
// name, which must end in MM-DD.json ("onthisday-01-31.json", "01-31.json").
// Directories in name are ignored.
func MonthDayFromFileName(name string) (flashback.MonthDay, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	m := fileNameDay.FindStringSubmatch(base)
	if m == nil {
		return flashback.MonthDay{}, flashback.Errorf(flashback.EINVALID,
			"Cannot tell the day from the file name %q: name it like onthisday-01-31.json.", base)
	}
	month, _ := strconv.Atoi(m[1])
	day, _ := strconv.Atoi(m[2])
	md := flashback.MonthDay{Month: time.Month(month), Day: day}
	if !md.Valid() {
		return flashback.MonthDay{}, flashback.Errorf(flashback.EINVALID,
			"The file name %q names %s-%s, which is not a day of the year.", base, m[1], m[2])
	}
	return md, nil
}
