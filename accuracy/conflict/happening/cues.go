package happening

import "strings"

// timing words open a phrase that dates the event by another one: what
// follows them in the clause is not what happened.
var timing = map[string]bool{
	"after": true, "before": true, "following": true, "during": true, "since": true,
	"until": true, "preceding": true, "ahead": true, "prior": true, "anniversary": true,
}

// moments are the prepositions that make the cue after them a moment of
// the event rather than the event ("crashes on take-off", "dies at launch").
var moments = map[string]bool{"on": true, "upon": true, "at": true}

// verbs are the words that say what happened, in their usual forms.
var verbs = cueWords(map[Kind]string{
	Launch:       "launch launches launched launching liftoff",
	Landing:      "land lands landed landing landings splashdown arrives arrived arrival",
	Disaster:     "disaster explodes exploded explosion crash crashes crashed disintegrates disintegrated disintegration sinks sank sunk sinking loss lost destroyed destruction collapses collapsed collapse derails derailed derailment earthquake eruption erupts erupted tsunami hurricane typhoon cyclone flood floods meltdown accident catastrophe wreck wrecked shipwreck capsizes capsized burns fire blaze",
	Birth:        "born birth births birthday baptised baptized",
	Death:        "dies died die death dead killed killing kills assassinated assassination executed execution beheaded murdered murder buried burial funeral hanged guillotined suicide",
	Marriage:     "marries married marry weds wed wedding",
	Founding:     "founded founds founding established establishes establishment incorporated formed chartered",
	Opening:      "opens opened opening dedicated",
	Signing:      "signed signs signing",
	Ratification: "ratified ratifies ratification",
	Premiere:     "premieres premiered premiere debut debuts released releases release published publishes publication",
	Battle:       "invades invaded invasion besieged siege defeats defeated fought attacks attacked bomb bombs bombing bombed captures captured",
	Surrender:    "surrenders surrendered surrender capitulates capitulated capitulation armistice",
	Election:     "elected elects election reelected",
	Accession:    "inaugurated inauguration crowned coronation enthroned accession accedes succeeds",
	Resignation:  "resigns resigned resignation abdicates abdicated abdication deposed overthrown ousted",
	Independence: "independence secedes seceded secession",
	Discovery:    "discovers discovered discovery invents invented invention patents patented",
	Speech:       "speech speeches delivers delivered address speaks",
	Attack:       "shot shoots wounded stabbed",
	Construction: "construction constructed built groundbreaking",
	Beginning:    "begins began begin beginning starts started start outbreak",
	Ending:       "ends ended end ending concludes concluded",
})

// nouns name what usually happens to their subject; they count only when
// no verb says otherwise ("Treaty of Paris" is signed unless the headline
// says it came into force).
var nouns = cueWords(map[Kind]string{
	Signing: "treaty accord pact agreement",
	Battle:  "battle",
})

// phrases are cues of several words; Unknown ones only keep their words
// from being read one by one.
var phrases = map[string]Kind{
	"lifts off": Launch, "lift off": Launch, "blasts off": Launch, "maiden flight": Launch,
	"first flight": Launch, "maiden voyage": Launch, "sets sail": Launch, "takes off": Launch,
	"take off": Launch, "took off": Launch, "into space": Launch, "into orbit": Launch,
	"touches down": Landing, "splashes down": Landing,
	"breaks up": Disaster, "goes down": Disaster,
	"shot dead": Death, "shot to death": Death, "shot and killed": Death,
	"assassination attempt": Attack, "breaks out": Beginning, "broke out": Beginning,
	"foundation stone": Construction, "lays the foundation": Construction,
	"sworn in": Accession, "takes office": Accession, "ascends the throne": Accession,
	"comes into force": Ratification, "enters into force": Ratification, "takes effect": Ratification,
	"comes into effect": Ratification,
	"steps down":        Resignation,
	"first performance": Premiere, "first performed": Premiere, "performed for the first time": Premiere,
	"first broadcast": Premiere,
	"open fire":       Battle, "opens fire": Battle, "opened fire": Battle,
	// Leaving prison is no release of a record or a film.
	"released from": Unknown, "is released from": Unknown,
}

func cueWords(m map[Kind]string) map[string]Kind {
	out := map[string]Kind{}
	for k, list := range m {
		for _, w := range strings.Fields(list) {
			out[w] = k
		}
	}
	return out
}
