package sdkdb

import (
	"math/rand"
	"testing"
)

// TestTrieStatesExact checks that the trie table is sized exactly: the
// automaton built over a pattern set (with duplicates, shared prefixes,
// empty patterns and patterns that are prefixes of others) has as many
// states as trieStates predicts, and finds every pattern.
func TestTrieStatesExact(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		var pats []string
		for i := r.Intn(30); i >= 0; i-- {
			b := make([]byte, r.Intn(8))
			for j := range b {
				b[j] = "abc/."[r.Intn(5)]
			}
			pats = append(pats, string(b))
			if r.Intn(4) == 0 && len(b) > 1 {
				pats = append(pats, string(b[:len(b)/2])) // a prefix of another
			}
		}
		for _, full := range []bool{false, true} {
			a := newAutomaton(pats, full)
			if got, want := int32(len(a.outStart)-1), trieStates(pats); got != want {
				t.Fatalf("%q: %d states, trieStates %d", pats, got, want)
			}
			if int32(len(a.next)) != trieStates(pats)*a.ncls {
				t.Fatalf("%q: table of %d entries for %d states", pats, len(a.next), trieStates(pats))
			}
			if full {
				continue
			}
			for id, p := range pats {
				if p == "" {
					continue
				}
				s := int32(0)
				for i := 0; i < len(p); i++ {
					s = a.next[s*a.ncls+int32(a.cls[p[i]])]
				}
				found := false
				for _, o := range a.outputs(s) {
					found = found || o == int32(id)
				}
				if !found {
					t.Fatalf("%q: pattern %d %q not found", pats, id, p)
				}
			}
		}
	}
}
