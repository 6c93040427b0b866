package sdkdb

// Matching class names against code signatures (prefixes, Exodus contains, regexes).

// MatchClass returns the SDKs whose code signatures match a class name in
// dotted Java form ("com.flurry.android.FlurryAgent", inner classes with
// '$'). A type descriptor ("Lcom/flurry/android/FlurryAgent;") is accepted
// too. It returns nil when nothing matches (no allocation).
func (m *Matcher) MatchClass(javaName string) []Match {
	return m.AppendClassMatches(nil, javaName)
}

// AppendClassMatches is MatchClass appending to dst (for reuse of buffers).
func (m *Matcher) AppendClassMatches(dst []Match, name string) []Match {
	if len(name) > 2 && name[0] == 'L' && name[len(name)-1] == ';' {
		name = JavaClassName(name)
	}
	base := len(dst)
	if a := m.prefixAut; a != nil {
		n := a.ncls
		s := int32(0)
		for i := 0; i < len(name); i++ {
			c := int32(a.cls[name[i]])
			if c == 0 {
				break
			}
			s = a.next[s*n+c]
			if s < 0 {
				break
			}
			if a.hot[s] {
				for _, pid := range a.outputs(s) {
					for _, sdk := range m.prefixSDKs[pid] {
						dst = addMatch(dst, base, sdk, KindPrefix, m.prefixPats[pid])
					}
				}
			}
		}
	}
	var evaluated [8]int32
	nev := 0
	if a := m.searchAut; a != nil {
		n := a.ncls
		s := int32(0)
		for i := 0; i < len(name); i++ {
			s = a.next[s*n+int32(a.cls[name[i]])]
			if !a.hot[s] {
				continue
			}
			end := i + 1
			for st := s; st >= 0; st = a.dict[st] {
				for _, kid := range a.outputs(st) {
					klen := int(m.keyLens[kid])
					for _, ref := range m.keyRefs[kid] {
						if ref.regex {
							seen := false
							for j := 0; j < nev; j++ {
								if evaluated[j] == ref.idx {
									seen = true
									break
								}
							}
							if seen {
								continue
							}
							if nev < len(evaluated) {
								evaluated[nev] = ref.idx
								nev++
							}
							r := &m.regexes[ref.idx]
							if r.re.MatchString(name) {
								for _, sdk := range r.sdks {
									dst = addMatch(dst, base, sdk, KindClassRegex, r.pattern)
								}
							}
							continue
						}
						c := &m.contains[ref.idx]
						if wildMatchAt(name, end-klen-int(ref.off), c.pattern) {
							for _, sdk := range c.sdks {
								dst = addMatch(dst, base, sdk, KindContains, c.pattern)
							}
						}
					}
				}
			}
		}
	}
	for _, ri := range m.always {
		r := &m.regexes[ri]
		if r.re.MatchString(name) {
			for _, sdk := range r.sdks {
				dst = addMatch(dst, base, sdk, KindClassRegex, r.pattern)
			}
		}
	}
	if len(dst)-base > 1 {
		sortMatches(dst[base:])
	}
	return dst
}
