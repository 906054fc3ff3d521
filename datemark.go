package flashback

// DateMarkKind says in what way an event's date is not simply established.
type DateMarkKind string

const (
	// DateUnconfirmed: no reliable reference confirms the day or the year.
	DateUnconfirmed DateMarkKind = "unconfirmed"
	// DateTraditional: a traditional or legendary date.
	DateTraditional DateMarkKind = "traditional"
	// DateDisputed: reliable references disagree.
	DateDisputed DateMarkKind = "disputed"
)

// ParseDateMarkKind reads one of the kinds as written in errata.
func ParseDateMarkKind(s string) (DateMarkKind, error) {
	switch k := DateMarkKind(s); k {
	case DateUnconfirmed, DateTraditional, DateDisputed:
		return k, nil
	}
	return "", Errorf(EINVALID, "Unknown date mark %q: use unconfirmed, traditional or disputed.", s)
}

// DateMark qualifies an event's date, so that readers are told when it is
// not established instead of being shown a guess as a fact.
type DateMark struct {
	Kind      DateMarkKind // "" when the date carries no mark
	Reason    string       // one sentence: why, and for disputed dates how references disagree
	Reference string       // where a reader can check it: a URL or a bibliographic reference
}

// Label is what the date line says: "Date unconfirmed", "Traditional
// date", "Disputed date"; "" for no mark.
func (m DateMark) Label() string {
	switch m.Kind {
	case DateUnconfirmed:
		return "Date unconfirmed"
	case DateTraditional:
		return "Traditional date"
	case DateDisputed:
		return "Disputed date"
	}
	return ""
}

// Validate accepts no mark, or a known kind with its reason.
func (m DateMark) Validate() error {
	if m.Kind == "" {
		if m != (DateMark{}) {
			return Errorf(EINVALID, "A date mark needs its kind.")
		}
		return nil
	}
	if _, err := ParseDateMarkKind(string(m.Kind)); err != nil {
		return err
	}
	if m.Reason == "" {
		return Errorf(EINVALID, "A date mark needs its reason.")
	}
	return nil
}
