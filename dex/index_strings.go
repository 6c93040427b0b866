package dex

// Index queries about string constants and their sites.

func (x *Index) siteLocation(s *siteRec) Location {
	loc := Location{File: x.files[s.file], PC: int(s.pc)}
	if s.member != noStr {
		loc.Class = x.strs.get(x.members.ents[s.member].class)
		loc.Method = x.memberString(s.member)
	}
	return loc
}

// NumStrings returns the number of unique strings recorded (constants,
// static values and, with IndexOptions.StringPool, pool entries).
func (x *Index) NumStrings() int { return len(x.strRecs) }

// Strings calls yield for every recorded string location: const-string and
// const-string/jumbo operands, static field initial values and, with
// IndexOptions.StringPool, string pool entries. Each unique string keeps at
// most MaxSitesPerString locations (see StringSites for the total count).
// Strings are visited in first-seen order. It can be used as a
// range-over-func iterator.
func (x *Index) Strings(yield func(s string, loc Location) bool) {
	for i := range x.strRecs {
		r := &x.strRecs[i]
		s := x.strs.get(r.str)
		for k := r.head; k >= 0; k = x.sites[k].next {
			if !yield(s, x.siteLocation(&x.sites[k])) {
				return
			}
		}
	}
}

// UniqueStrings calls yield once per unique recorded string with its total
// number of occurrences.
func (x *Index) UniqueStrings(yield func(s string, total int) bool) {
	for i := range x.strRecs {
		if !yield(x.strs.get(x.strRecs[i].str), int(x.strRecs[i].total)) {
			return
		}
	}
}

// StringSites returns the recorded locations of s (at most
// MaxSitesPerString) and its total number of occurrences.
func (x *Index) StringSites(s string) ([]Location, int) {
	id, ok := x.strs.lookup(s)
	if !ok || int(id) >= len(x.recOf) || x.recOf[id] == 0 {
		return nil, 0
	}
	r := &x.strRecs[x.recOf[id]-1]
	locs := make([]Location, 0, r.n)
	for k := r.head; k >= 0; k = x.sites[k].next {
		locs = append(locs, x.siteLocation(&x.sites[k]))
	}
	return locs, int(r.total)
}
