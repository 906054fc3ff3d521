// Package csvimport reads editors' own lists of events from CSV files, as
// saved by any spreadsheet.
//
// # The format
//
// The first row names the columns, in any order and any letter case;
// "Source URL", "source-url" and "source_url" are the same column. Columns:
//
//	date          the date, see below
//	year          instead of date: 1929, -43 (astronomical), 44 BC, 44 BCE, AD 79, 79 CE
//	month         instead of date: 1–12 or a month name (January, Jan)
//	day           instead of date: 1–31
//	precision     day, month, year or monthday; default: what the date gives
//	calendar      gregorian or julian (also "os"/"ns"); default gregorian
//	category      a category slug; default world-history
//	headline      required
//	summary       plain-text teaser for date pages
//	body          the article, in Markdown; line breaks are kept
//	source_title  where the fact comes from
//	source_url    a link to it (http or https only)
//	key           optional stable identity, see below
//
// A file needs a headline column and either a date column or year, month
// and day columns. Unknown columns are ignored and reported once.
//
// # Dates
//
// The date column takes ISO 8601 with a year of at least four digits:
// 1929-01-31 (day), 1929-01 (month), 1929 (year) or --01-31 (a day of the
// year without a year, for observances). Years before AD 1 are written
// astronomically, as ISO 8601 does: -0043-03-15 is 15 March 44 BC, and
// 0000 is 1 BC. "44 BC" is not accepted in the date column, because
// "-0044" and "44 BC" differ by one and a file mixing the two would be
// wrong without anyone noticing; the year column accepts the historical
// form with an explicit era ("44 BC"), where it cannot be misread. Other
// layouts (31/01/1929, 1/31/1929, 31.01.1929) are refused rather than
// guessed.
//
// The precision column may make a date coarser than written, which is how
// spreadsheets that insist on full dates say "only the year is known":
// 1929-01-01 with precision year is the year 1929. It cannot make a date
// finer than written.
//
// # Identity
//
// Each event's ExternalKey is "csv:" followed by the key column when it is
// filled in, else by the date and a hash of the headline. Re-importing a
// file updates its events rather than duplicating them; give keys when
// headlines will be edited, since a changed headline without a key is a
// new event.
//
// # Encoding and errors
//
// Files are UTF-8, with or without a byte-order mark; the delimiter (comma,
// semicolon or TAB) is detected from the header row. Quoted fields may hold
// delimiters, quotes ("" inside quotes) and line breaks. A file fails as a
// whole only when its header is unusable; every other problem skips just its
// row, with the row number (the header is row 1, as in a spreadsheet) and
// the reason.
//
// # Example
//
//	date,calendar,category,headline,summary,source_title,source_url
//	1929-01-31,,world-history,Trotsky is exiled from the Soviet Union,"Stalin's rival leaves for Turkey.",Britannica,https://www.britannica.com/biography/Leon-Trotsky
//	-0043-03-15,julian,world-history,Julius Caesar is assassinated,,,
//	--03-08,,holidays-observances,International Women's Day,,,
//	1946,,science-technology,ENIAC is unveiled,"Precision year: the day is not in our source.",,
package csvimport
