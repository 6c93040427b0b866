package sdkdb

import "slices"

// automaton is a byte trie over a compressed alphabet. With failure links
// resolved (full=true) it is an Aho-Corasick DFA used for unanchored
// multi-pattern search; without, it is walked from the root for anchored
// prefix matching. Tables are dense ([state*ncls+class]) for speed.
type automaton struct {
	cls  [256]uint8
	ncls int32
	// next is the trie (goto) table in prefix mode and the full DFA
	// transition table in search mode; -1 means no transition (prefix mode).
	next []int32
	// out[state] is the index in outIDs where the state's own outputs start;
	// outs of state s are outIDs[outStart[s]:outStart[s+1]].
	outStart []int32
	outIDs   []int32
	// dict[state] is the nearest proper-suffix state having outputs, or -1
	// (search mode only).
	dict []int32
	// hot[state] is true when the state or a suffix of it has outputs.
	hot []bool
}

// newAutomaton builds an automaton over patterns; pattern i reports id i.
// Empty patterns are ignored.
func newAutomaton(patterns []string, full bool) *automaton {
	a := &automaton{}
	// Alphabet compression: class 0 = bytes absent from every pattern.
	var seen [256]bool
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			seen[p[i]] = true
		}
	}
	n := int32(1)
	for b := 0; b < 256; b++ {
		if seen[b] {
			a.cls[b] = uint8(n)
			n++
		}
	}
	if n > 255 {
		// Cannot happen with class-name alphabets; fall back to identity.
		n = 256
		for b := 0; b < 256; b++ {
			a.cls[b] = uint8(b)
		}
	}
	a.ncls = n

	// Trie. The table is allocated once at its exact size (the number of
	// distinct prefixes): growing it state by state cost most of the
	// matcher's construction, which every scan pays.
	total := trieStates(patterns)
	goTo := make([]int32, int(total)*int(n))
	for i := range goTo {
		goTo[i] = -1
	}
	used := int32(0)
	newState := func() int32 {
		used++
		return used - 1
	}
	newState()
	outs := make([][]int32, total)
	for id, p := range patterns {
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := int32(a.cls[p[i]])
			nx := goTo[s*n+c]
			if nx < 0 {
				nx = newState()
				goTo[s*n+c] = nx
			}
			s = nx
		}
		outs[s] = append(outs[s], int32(id))
	}
	nstates := used
	goTo = goTo[:nstates*n]
	a.outStart = make([]int32, nstates+1)
	for s := int32(0); s < nstates; s++ {
		a.outStart[s] = int32(len(a.outIDs))
		a.outIDs = append(a.outIDs, outs[s]...)
	}
	a.outStart[nstates] = int32(len(a.outIDs))
	a.hot = make([]bool, nstates)
	for s := int32(0); s < nstates; s++ {
		a.hot[s] = a.outStart[s+1] > a.outStart[s]
	}
	if !full {
		a.next = goTo
		return a
	}

	// Aho-Corasick: BFS computing failure links and the full DFA.
	fail := make([]int32, nstates)
	a.dict = make([]int32, nstates)
	for i := range a.dict {
		a.dict[i] = -1
	}
	delta := make([]int32, len(goTo))
	queue := make([]int32, 0, nstates)
	for c := int32(0); c < n; c++ {
		nx := goTo[c]
		if nx < 0 {
			delta[c] = 0
		} else {
			delta[c] = nx
			fail[nx] = 0
			queue = append(queue, nx)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		f := fail[s]
		if a.outStart[f+1] > a.outStart[f] {
			a.dict[s] = f
		} else {
			a.dict[s] = a.dict[f]
		}
		if a.dict[s] >= 0 {
			a.hot[s] = true
		}
		for c := int32(0); c < n; c++ {
			nx := goTo[s*n+c]
			if nx < 0 {
				delta[s*n+c] = delta[f*n+c]
			} else {
				delta[s*n+c] = nx
				fail[nx] = delta[f*n+c]
				queue = append(queue, nx)
			}
		}
	}
	a.next = delta
	return a
}

// outputs returns the pattern ids ending exactly at state s (not including
// dictionary-suffix outputs).
func (a *automaton) outputs(s int32) []int32 {
	return a.outIDs[a.outStart[s]:a.outStart[s+1]]
}

// trieStates is the number of states of the trie of patterns: the root plus
// one state per distinct non-empty prefix (sorted, each pattern adds the
// bytes it does not share with its predecessor).
func trieStates(patterns []string) int32 {
	sorted := make([]string, 0, len(patterns))
	for _, p := range patterns {
		if p != "" {
			sorted = append(sorted, p)
		}
	}
	slices.Sort(sorted)
	total, prev := int32(1), ""
	for _, p := range sorted {
		l := 0
		for l < len(p) && l < len(prev) && p[l] == prev[l] {
			l++
		}
		total += int32(len(p) - l)
		prev = p
	}
	return total
}
