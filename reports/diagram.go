package reports

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The "where data goes" diagram of the HTML report: four columns — data
// sources (flow source kinds), SDKs, companies, countries — joined by
// lines, drawn as inline SVG by the template (no script, no external
// resource). Every label is untrusted text: the template escapes it (and
// Sanitize strips control characters); this file only computes geometry.

const (
	diagramMaxRows = 30 // per column; the rest is one "+N more" node
	diagramRowH    = 18
	diagramTop     = 30
	diagramColW    = 168
	diagramGap     = 40
	diagramLabel   = 28 // runes shown in a node; the full label is its <title>
)

// Diagram is the geometry of the diagram.
type Diagram struct {
	Width, Height int
	Cols          []DiagramCol
	Nodes         []DiagramNode
	Lines         []DiagramLine
	// Hidden counts what the columns left out ("+N more").
	Hidden int
}

// DiagramCol is a column heading.
type DiagramCol struct {
	X     int
	Label string
}

// DiagramNode is a box with a label.
type DiagramNode struct {
	X, Y, W, H int
	TextX      int
	TextY      int
	Label      string // shortened
	Title      string // full label
	Class      string // source, sdk, company, country-eea, country-out, country-unknown, more
}

// DiagramLine joins two nodes.
type DiagramLine struct {
	X1, Y1, X2, Y2 int
}

// diagramItem is a node before layout.
type diagramItem struct {
	key, label, class string
}

// Diagram lays out the report's diagram; nil when there is nothing to
// draw (no SDK and no flow).
func (r *Report) Diagram() *Diagram {
	groups := r.Receivers()
	type recvRef struct {
		rc    Receiver
		where string
		class string
	}
	var recvs []recvRef
	for _, g := range groups {
		class := "country-out"
		switch {
		case g.Country == "":
			class = "country-unknown"
		case g.InEEA:
			class = "country-eea"
		}
		for _, rc := range g.Receivers {
			if len(rc.SDKs) > 0 || rc.Flows > 0 {
				recvs = append(recvs, recvRef{rc, g.Where(), class})
			}
		}
	}
	if len(r.SDKs) == 0 && len(r.Flows) == 0 {
		return nil
	}
	companyKey := func(rc Receiver) string { return "c:" + rc.VendorID + "\x00" + rc.Name }
	sdkCompany := map[string]string{} // SDK name → company key
	var companies, countries []diagramItem
	seenCountry := map[string]bool{}
	for _, x := range recvs {
		companies = append(companies, diagramItem{companyKey(x.rc), x.rc.DisplayName(), "company"})
		for _, n := range x.rc.SDKs {
			if _, ok := sdkCompany[n]; !ok {
				sdkCompany[n] = companyKey(x.rc)
			}
		}
		if !seenCountry[x.where] {
			seenCountry[x.where] = true
			countries = append(countries, diagramItem{"k:" + x.where, x.where, x.class})
		}
	}
	companyIndex := map[string]int{}
	for i, c := range companies {
		companyIndex[c.key] = i
	}
	// SDKs in the order of their companies, so that lines rarely cross.
	sdks := make([]SDK, len(r.SDKs))
	copy(sdks, r.SDKs)
	sort.SliceStable(sdks, func(i, j int) bool {
		ci, oki := companyIndex[sdkCompany[sdks[i].Name]]
		cj, okj := companyIndex[sdkCompany[sdks[j].Name]]
		if !oki {
			ci = len(companies)
		}
		if !okj {
			cj = len(companies)
		}
		if ci != cj {
			return ci < cj
		}
		return sdks[i].Name < sdks[j].Name
	})
	var sdkItems []diagramItem
	seenSDK := map[string]bool{}
	for _, s := range sdks {
		if !seenSDK[s.Name] {
			seenSDK[s.Name] = true
			sdkItems = append(sdkItems, diagramItem{"s:" + s.Name, s.Name, "sdk"})
		}
	}
	names := r.SDKNames()
	var sources []diagramItem
	seenSource := map[string]bool{}
	kinds := make([]string, 0, len(r.Flows))
	for _, f := range r.Flows {
		if f.Source.Kind != "" && !seenSource[f.Source.Kind] {
			seenSource[f.Source.Kind] = true
			kinds = append(kinds, f.Source.Kind)
		}
	}
	sort.Slice(kinds, func(i, j int) bool { return DataKindLabel(kinds[i]) < DataKindLabel(kinds[j]) })
	for _, k := range kinds {
		sources = append(sources, diagramItem{"d:" + k, DataKindLabel(k), "source"})
	}

	d := &Diagram{}
	cols := [][]diagramItem{sources, sdkItems, companies, countries}
	heads := []string{"Data (" + strconv.Itoa(len(sources)) + ")", "SDKs (" + strconv.Itoa(len(sdkItems)) + ")",
		"Companies (" + strconv.Itoa(len(companies)) + ")", "Countries (" + strconv.Itoa(len(countries)) + ")"}
	pos := map[string]int{} // key → node index
	rows := 1
	for c, items := range cols {
		x := c * (diagramColW + diagramGap)
		d.Cols = append(d.Cols, DiagramCol{X: x + 2, Label: heads[c]})
		shown := items
		var more []diagramItem
		if len(items) > diagramMaxRows {
			shown, more = items[:diagramMaxRows-1], items[diagramMaxRows-1:]
		}
		place := func(row int, label, title, class string) int {
			y := diagramTop + row*diagramRowH
			d.Nodes = append(d.Nodes, DiagramNode{X: x, Y: y, W: diagramColW, H: diagramRowH - 4, TextX: x + 5, TextY: y + diagramRowH - 8,
				Label: shorten(label), Title: title, Class: class})
			return len(d.Nodes) - 1
		}
		for i, it := range shown {
			pos[it.key] = place(i, it.label, it.label, it.class)
		}
		if len(more) > 0 {
			d.Hidden += len(more)
			n := place(len(shown), "+"+strconv.Itoa(len(more))+" more", moreTitle(more), "more")
			for _, it := range more {
				pos[it.key] = n
			}
		}
		if n := len(shown) + min(len(more), 1); n > rows {
			rows = n
		}
	}
	d.Width = len(cols)*diagramColW + (len(cols)-1)*diagramGap
	d.Height = diagramTop + rows*diagramRowH

	seenLine := map[[2]int]bool{}
	link := func(a, b string) {
		i, ok1 := pos[a]
		j, ok2 := pos[b]
		if !ok1 || !ok2 || seenLine[[2]int{i, j}] {
			return
		}
		seenLine[[2]int{i, j}] = true
		na, nb := d.Nodes[i], d.Nodes[j]
		d.Lines = append(d.Lines, DiagramLine{X1: na.X + na.W, Y1: na.Y + na.H/2, X2: nb.X, Y2: nb.Y + nb.H/2})
	}
	hostCompany := map[string]string{}
	for _, x := range recvs {
		for _, h := range x.rc.Hosts {
			if _, ok := hostCompany[h]; !ok {
				hostCompany[h] = companyKey(x.rc)
			}
		}
	}
	for _, f := range r.Flows {
		src := "d:" + f.Source.Kind
		if f.SDK != nil {
			n := names[*f.SDK]
			if n == "" {
				n = *f.SDK
			}
			link(src, "s:"+n)
			continue
		}
		if c, ok := hostCompany[strings.ToLower(f.Recipient.Host)]; ok {
			// A host-only recipient: the line skips the SDK column.
			link(src, c)
		}
	}
	for _, s := range sdkItems {
		if c, ok := sdkCompany[s.label]; ok {
			link(s.key, c)
		}
	}
	for _, x := range recvs {
		link(companyKey(x.rc), "k:"+x.where)
	}
	return d
}

func shorten(s string) string {
	s = Sanitize(s, 300)
	if utf8.RuneCountInString(s) <= diagramLabel {
		return s
	}
	r := []rune(s)
	return string(r[:diagramLabel-1]) + "…"
}

func moreTitle(items []diagramItem) string {
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = it.label
	}
	return Sanitize(strings.Join(labels, ", "), 2000)
}
