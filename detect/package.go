package detect

import (
	"maps"
	"slices"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Manifest matches components, meta-data keys, provider authorities and
// permissions of every split against SDK signatures.
var Manifest = &analysis.Analyzer{
	Name: "manifest",
	Doc:  "components, meta-data keys, provider authorities and permissions that belong to SDKs",
	Run:  runManifest,
}

func runManifest(p *analysis.Pass) (any, error) {
	out := NewEvidence(p.Config.MaxEvidence)
	for _, s := range p.App.Splits {
		m := s.Manifest
		loc := where(p.App, s, "AndroidManifest.xml")
		report := func(ms []sdkdb.Match, value, ctx string) {
			for _, x := range ms {
				out.Add(x.SDK, reports.Evidence{Channel: reports.ChannelManifest, Value: value, Signature: x.Pattern, Location: loc + " " + ctx})
			}
		}
		for _, c := range m.Components {
			report(p.Matcher.MatchComponent(c.Name), c.Name, "<"+c.Kind+">")
			for _, a := range c.Authorities {
				report(p.Matcher.MatchAuthority(a), a, "<provider android:authorities>")
			}
		}
		for _, md := range m.MetaData {
			report(p.Matcher.MatchMetaData(md.Name), md.Name, "<meta-data>")
		}
		for _, perm := range m.Permissions {
			report(p.Matcher.MatchPermission(perm), perm, "<uses-permission>")
		}
	}
	return out, nil
}

// Files matches archive entry names against SDK file signatures; version
// files give exact SDK versions.
var Files = &analysis.Analyzer{
	Name: "files",
	Doc:  "SDK files (version files, config files); version files give exact SDK versions",
	Run:  runFiles,
}

func runFiles(p *analysis.Pass) (any, error) {
	out := NewEvidence(p.Config.MaxEvidence)
	for _, s := range p.App.Splits {
		for _, e := range s.Archive.Entries() {
			if e.Dir {
				continue
			}
			for _, h := range p.Matcher.MatchFile(e.Name) {
				ev := reports.Evidence{Channel: reports.ChannelFile, Value: e.Name, Signature: h.Pattern, Location: where(p.App, s, e.Name)}
				if h.HasVersion() {
					var content []byte
					if h.WantsContent() {
						content, _ = s.Archive.ReadEntry(e.Name, sdkdb.MaxVersionContent)
					}
					// The first version found wins: files are visited in a
					// deterministic order, the base split first.
					if v := h.Version(e.Name, content); v != "" {
						ev.Value = e.Name + " = " + v
						if r := out.Record(h.SDK); r.Version == "" {
							r.Version = v
						}
					}
				}
				out.Add(h.SDK, ev)
			}
		}
	}
	return out, nil
}

// Resources matches named string resources against SDK signatures.
var Resources = &analysis.Analyzer{
	Name: "resources",
	Doc:  "named string resources SDKs leave behind (google_app_id, …)",
	Run:  runResources,
}

func runResources(p *analysis.Pass) (any, error) {
	out := NewEvidence(p.Config.MaxEvidence)
	for _, s := range p.App.Splits {
		if s.Resources == nil {
			continue
		}
		// In name order, so the evidence kept under the cap is the same
		// on every run.
		for _, name := range slices.Sorted(maps.Keys(s.Resources.Named)) {
			val := s.Resources.Named[name]
			ms := p.Matcher.MatchResource(name)
			if len(ms) > 0 {
				val = p.DB.Config().RedactSecrets("resource", name, val, reports.Redact)
			}
			for _, m := range ms {
				out.Add(m.SDK, reports.Evidence{Channel: reports.ChannelResource, Value: name + " = " + val, Signature: m.Pattern, Location: where(p.App, s, "resources.arsc")})
			}
		}
	}
	return out, nil
}
