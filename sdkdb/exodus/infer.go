package exodus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/geo"

	"github.com/apkscan/apkscan/sdkdb"
)

// Facts inferred from the free text of a tracker description: its
// sections (Ownership, Primary Location), summary, and the vendor.

// section returns the body of a "## <title>" markdown section.
func section(desc, title string) (string, bool) {
	lines := strings.Split(desc, "\n")
	for i, l := range lines {
		if strings.EqualFold(strings.TrimSpace(l), "## "+title) {
			var body []string
			for _, l2 := range lines[i+1:] {
				if strings.HasPrefix(strings.TrimSpace(l2), "## ") {
					break
				}
				body = append(body, l2)
			}
			return strings.TrimSpace(strings.Join(body, "\n")), true
		}
	}
	return "", false
}

var (
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)`)
	bareURL    = regexp.MustCompile(`https?://\S+`)
	danglingP  = regexp.MustCompile(`(\s*[;,])+\s*(\.|$)`)
	emptyParen = regexp.MustCompile(`\(\s*[;,]?\s*\)`)
	citation   = regexp.MustCompile(`^[^,\]]{1,60}, ?\d+$`)
	spaces     = regexp.MustCompile(`\s+`)
	emphasis   = regexp.MustCompile(`(^|[\s(])[*_]+|[*_]+($|[\s.,;:!?)])`)
	sentenceRe = regexp.MustCompile(`[.!?]["”)]?\s`)
)

// stripMarkdown removes links (keeping their text, dropping citation links
// such as "[Crunchbase, 01](…)"), emphasis markers and extra white space.
func stripMarkdown(s string) string {
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		sm := mdLink.FindStringSubmatch(m)
		text := strings.TrimSpace(sm[1])
		if citation.MatchString(text) || strings.HasPrefix(text, "http") {
			return ""
		}
		return text
	})
	s = bareURL.ReplaceAllString(s, "")
	s = emphasis.ReplaceAllString(s, "$1$2")
	s = strings.ReplaceAll(s, "**", "")
	s = spaces.ReplaceAllString(s, " ")
	s = emptyParen.ReplaceAllString(s, "")
	s = danglingP.ReplaceAllString(s, "$2")
	s = strings.ReplaceAll(s, " .", ".")
	s = strings.ReplaceAll(s, " ,", ",")
	s = strings.TrimSpace(s)
	if s == "View" || s == "See" {
		return ""
	}
	return s
}

// summary derives a short description: the first prose paragraph of the
// "About" section (or of the text before the first heading), first
// sentence(s) up to ~200 characters.
func summary(desc string) string {
	d := strings.ReplaceAll(desc, "\r\n", "\n")
	body, ok := section(d, "About")
	if !ok {
		if i := strings.Index(d, "\n#"); i >= 0 {
			body = d[:i]
		} else if strings.HasPrefix(d, "#") {
			body = ""
		} else {
			body = d
		}
	}
	for _, para := range strings.Split(body, "\n\n") {
		p := strings.TrimSpace(para)
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "http") ||
			strings.HasPrefix(p, "* ") || strings.HasPrefix(p, "- ") || strings.HasPrefix(p, "|") {
			continue
		}
		p = stripMarkdown(p)
		if len(p) < 3 || strings.HasSuffix(p, ":") {
			continue
		}
		return shorten(p, 200)
	}
	return ""
}

func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	// Whole sentences up to max.
	cut := 0
	for _, loc := range sentenceRe.FindAllStringIndex(s, -1) {
		end := loc[1] - 1
		if end > max {
			break
		}
		cut = end
	}
	if cut > 40 {
		return strings.TrimSpace(s[:cut])
	}
	// Else cut on a word boundary.
	i := strings.LastIndexByte(s[:max], ' ')
	if i < 40 {
		i = max
	}
	return strings.TrimSpace(s[:i]) + "…"
}

// ---- vendors ----

// vendorFor returns the vendor id for t, creating a generated vendor in
// vendors when t is not attributed to a curated vendor.
func vendorFor(t Tracker, vendors map[string]*sdkdb.Vendor, cur Curated) string {
	if id, ok := cur.Owners[t.ID]; ok {
		return id
	}
	d := strings.ReplaceAll(t.Description, "\r\n", "\n")
	name := ""
	if own, ok := section(d, "Ownership"); ok {
		name = ownerName(own)
	}
	fromOwnership := name != ""
	if name == "" {
		name = stripParenthetical(strings.TrimSpace(t.Name))
	}
	id := slug(name)
	if id == "" {
		id = "exodus-vendor-" + strconv.Itoa(t.ID)
	}
	country := ""
	if loc, ok := section(d, "Primary Location"); ok {
		country = countryFrom(loc)
	}
	v := vendors[id]
	if v == nil {
		how := "the tracker name"
		if fromOwnership {
			how = "the Ownership section"
		}
		v = &sdkdb.Vendor{
			ID:      id,
			Name:    name,
			Country: country,
			Website: siteRoot(t.Website),
			Source:  sdkdb.SourceExodus,
			Notes:   fmt.Sprintf("Generated from Exodus tracker %d (%s) using %s; unverified.", t.ID, strings.TrimSpace(t.Name), how),
		}
		vendors[id] = v
		return id
	}
	// Shared generated vendor: keep the first country unless it conflicts.
	if v.Country == "" {
		v.Country = country
	} else if country != "" && country != v.Country {
		v.Country = ""
	}
	return id
}

// ownerName accepts an Ownership section only when it is a bare company
// name (no sentence, no list of owners): "Teemo", "AT Internet",
// "Google [Recode, 01](…)" → "Google".
func ownerName(s string) string {
	line := strings.TrimSpace(strings.SplitN(s, "\n", 2)[0])
	line = stripMarkdown(line)
	line = strings.TrimRight(line, ". ")
	if line == "" || len(line) > 40 || strings.HasPrefix(line, "#") {
		return ""
	}
	low := strings.ToLower(line)
	for _, w := range []string{" is ", " was ", " by ", "founded", "owned", "subsidiary", "self", " and ", "(", ";", ":", ","} {
		if strings.Contains(" "+low+" ", w) {
			return ""
		}
	}
	return line
}

// countryFrom parses "France (Paris) [Crunchbase, 01](…)" → "FR"; anything
// ambiguous ("Microsoft: United States … / Bit Stadium: Germany …") → "".
func countryFrom(s string) string {
	line := strings.TrimSpace(strings.SplitN(s, "\n", 2)[0])
	line = stripMarkdown(line)
	if strings.ContainsAny(line, ":/;") {
		return ""
	}
	if i := strings.IndexAny(line, "([.,"); i >= 0 {
		line = line[:i]
	}
	return geo.FromName(line)
}

// siteRoot reduces a tracker website to scheme://host/ when it looks like
// the company site (not a third-party page such as crunchbase or github).
func siteRoot(u string) string {
	u = cleanURL(u)
	if u == "" {
		return ""
	}
	rest := u[strings.Index(u, "://")+3:]
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	h := strings.ToLower(host)
	for _, bad := range []string{"crunchbase.com", "github.com", "github.io", "wikipedia.org", "bintray.com", "atlassian.net", "google.com", "apple.com"} {
		if h == bad || strings.HasSuffix(h, "."+bad) {
			return ""
		}
	}
	return u[:strings.Index(u, "://")+3] + h
}
