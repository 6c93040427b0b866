package sdkdb

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// vendorIndex maps normalised names and domains to vendors.
type vendorIndex struct {
	names   map[string]*Vendor
	domains map[string]*Vendor
	errs    []error
}

func (db *DB) vendorIndex() *vendorIndex {
	db.vendorIdxOnce.Do(func() {
		idx := &vendorIndex{names: map[string]*Vendor{}, domains: map[string]*Vendor{}}
		ambiguous := map[string]bool{}
		for _, v := range db.vendors {
			keys := map[string]bool{}
			for _, n := range append(append([]string{v.Name, strings.ReplaceAll(v.ID, "-", " ")}, v.LegalEntities...), v.Aliases...) {
				if k := NormalizeCompanyName(n); k != "" {
					keys[k] = true
				}
			}
			for k := range keys {
				if prev := idx.names[k]; prev != nil && prev != v {
					if !ambiguous[k] {
						idx.errs = append(idx.errs, fmt.Errorf("vendors %q and %q share the normalised name %q (ResolveVendor would be ambiguous)", prev.ID, v.ID, k))
					}
					ambiguous[k] = true
					continue
				}
				idx.names[k] = v
			}
			for _, d := range v.Domains {
				d = strings.ToLower(strings.TrimPrefix(d, "."))
				if prev := idx.domains[d]; prev != nil && prev != v {
					idx.errs = append(idx.errs, fmt.Errorf("vendors %q and %q both claim domain %q", prev.ID, v.ID, d))
					continue
				}
				idx.domains[d] = v
			}
		}
		for k := range ambiguous {
			delete(idx.names, k)
		}
		sort.Slice(idx.errs, func(i, j int) bool { return idx.errs[i].Error() < idx.errs[j].Error() })
		db.vendorIdx = idx
	})
	return db.vendorIdx
}

// VendorByHost returns the vendor one of whose domains is host or a
// parent domain of it (on a label boundary, the longest domain first).
func (db *DB) VendorByHost(host string) *Vendor {
	idx := db.vendorIndex()
	for h := strings.TrimSuffix(strings.ToLower(host), "."); h != ""; {
		if v := idx.domains[h]; v != nil {
			return v
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return nil
}

// ResolveVendor finds the vendor behind a company name as written in, for
// example, a GDPR sub-processor list ("Amazon Web Services EMEA SARL",
// "Google Ireland Limited"), falling back to domains ("amazonaws.com",
// "https://www.google.com/"). Names are compared after NormalizeCompanyName
// against each vendor's name, id, legal entities and aliases; domains match
// a vendor domain or any of its subdomains (longest domain wins). Matching is
// exact after normalisation: it never guesses from partial names.
func (db *DB) ResolveVendor(name string, domains []string) (*Vendor, bool) {
	idx := db.vendorIndex()
	if k := NormalizeCompanyName(name); k != "" {
		if v := idx.names[k]; v != nil {
			return v, true
		}
	}
	var best *Vendor
	bestLen := 0
	for _, d := range domains {
		h := NormalizeHost(d)
		h = strings.TrimPrefix(h, "www.")
		for s := h; s != ""; {
			if v := idx.domains[s]; v != nil {
				if len(s) > bestLen {
					best, bestLen = v, len(s)
				}
				break
			}
			i := strings.IndexByte(s, '.')
			if i < 0 {
				break
			}
			s = s[i+1:]
		}
	}
	return best, best != nil
}

// legalWords are dropped by NormalizeCompanyName: legal forms, regional
// qualifiers and country names that distinguish subsidiaries of one group.
var legalWords = map[string]bool{
	// legal forms
	"llc": true, "inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "ltd": true, "limited": true, "plc": true, "lp": true,
	"llp": true, "sarl": true, "sa": true, "sas": true, "sasu": true, "sau": true, "se": true,
	"gmbh": true, "ag": true, "kg": true, "kgaa": true, "ug": true, "bv": true, "nv": true,
	"ab": true, "publ": true, "oy": true, "oyj": true, "as": true, "asa": true, "aps": true,
	"spa": true, "srl": true, "sl": true, "slu": true, "pty": true, "pte": true, "pvt": true,
	"private": true, "kk": true, "uc": true, "dac": true, "unlimited": true, "sro": true,
	"kft": true, "zrt": true, "ltda": true, "bhd": true, "sdn": true, "doo": true,
	"spzoo": true, "sp": true, "zoo": true, "the": true,
	// group / regional qualifiers
	"group": true, "holding": true, "holdings": true, "emea": true, "europe": true,
	"european": true, "eu": true, "international": true, "intl": true, "global": true,
	"worldwide": true, "apac": true, "operations": true,
	// countries and common abbreviations
	"ireland": true, "germany": true, "deutschland": true, "france": true, "uk": true,
	"gb": true, "britain": true, "england": true, "luxembourg": true, "netherlands": true,
	"nederland": true, "belgium": true, "spain": true, "espana": true, "italy": true,
	"italia": true, "sweden": true, "sverige": true, "finland": true, "denmark": true,
	"norway": true, "poland": true, "polska": true, "austria": true, "switzerland": true,
	"schweiz": true, "suisse": true, "portugal": true, "japan": true, "singapore": true,
	"india": true, "china": true, "australia": true, "canada": true, "usa": true,
	"us": true, "brazil": true, "brasil": true, "israel": true, "korea": true,
	"russia": true, "mexico": true, "czech": true, "hungary": true, "romania": true,
}

// countryPhrases are multi-word country names removed before tokenising.
var countryPhrases = []string{"united states of america", "united states", "united kingdom", "hong kong", "great britain", "new zealand", "south korea"}

// NormalizeCompanyName reduces a company name to a comparison key: accents
// folded, lower case, parenthesised parts and punctuation removed, dotted
// abbreviations joined ("S.à r.l." → "sarl"), and legal forms (LLC, Inc,
// Ltd, Limited, SARL, GmbH, SAS, BV, AB, Oy, plc…), regional qualifiers
// (EMEA, Europe, International…) and country words dropped. "Amazon Web
// Services EMEA SARL" → "amazon web services"; "Google Ireland Limited" →
// "google". If dropping would leave nothing, the unfiltered tokens are kept.
func NormalizeCompanyName(name string) string {
	s := foldAccents(strings.ToLower(name))
	// Drop parenthesised parts: "Google LLC (Alphabet)".
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + " " + s[i+j+1:]
	}
	s = strings.ReplaceAll(s, "&", " and ")
	for _, p := range countryPhrases {
		s = strings.ReplaceAll(s, p, " ")
	}
	var raw []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			raw = append(raw, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cur = append(cur, r)
		} else {
			flush()
		}
	}
	flush()
	// Join runs of single-letter tokens: "s a r l" → "sarl", "b v" → "bv".
	var toks []string
	for i := 0; i < len(raw); {
		if len([]rune(raw[i])) == 1 {
			j := i
			var b strings.Builder
			for j < len(raw) && len([]rune(raw[j])) == 1 {
				b.WriteString(raw[j])
				j++
			}
			if j-i > 1 {
				toks = append(toks, b.String())
				i = j
				continue
			}
		}
		toks = append(toks, raw[i])
		i++
	}
	var kept []string
	for _, t := range toks {
		if !legalWords[t] {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		kept = toks
	}
	return strings.Join(kept, " ")
}

var accentFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ı': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'ţ': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

func foldAccents(s string) string {
	var b strings.Builder
	changed := false
	for _, r := range s {
		if rep, ok := accentFold[r]; ok {
			b.WriteString(rep)
			changed = true
			continue
		}
		b.WriteRune(r)
	}
	if !changed {
		return s
	}
	return b.String()
}
