package flows

import (
	"testing"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// TestGenericAndCuratedOnOnePath: when a path passes an SDK sink on its
// way to another sink of the same SDK, one flow is kept: the curated one
// whenever a curated sink is on the path, else the last.
func TestGenericAndCuratedOnOnePath(t *testing.T) {
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	sdk := &sdkdb.SDK{ID: "acme", Vendor: "acme-vendor"}
	curated := &taint.Sink{ID: "curated", Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: sdk, method: "La/Sdk;->setAttr(Ljava/lang/String;Ljava/lang/String;)V"}}
	generic := func(m string) *taint.Sink {
		return &taint.Sink{ID: "generic:" + m, Boundary: true, Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: sdk, method: m, generic: true}}
	}
	g1, g2 := generic("La/Sdk;->put(Ljava/lang/String;)V"), generic("La/Sdk;->flush(La/Event;)V")
	src := taint.Step{Class: "La/App;", Method: "La/App;->run()V", PC: 1, Kind: "source"}
	at := func(pc int, kind string, s *taint.Sink) taint.Step {
		return taint.Step{Class: "La/App;", Method: "La/App;->run()V", PC: pc, Kind: kind, Sink: s, Arg: 1}
	}
	flow := func(s *taint.Sink, path ...taint.Step) taint.Flow {
		return taint.Flow{Kind: KindSearch, Source: "La/Src;->q()Ljava/lang/String;", Sink: s, SinkMethod: s.Tag.(*sinkTag).method,
			Arg: taint.SinkArg{Index: 1, Key: taint.NoKey}, Path: append([]taint.Step{src}, path...)}
	}
	p := &pass{Pass: &analysis.Pass{Input: &analysis.Input{DB: db}}}
	for _, c := range []struct {
		name string
		in   []taint.Flow
		want string
		conf string
	}{
		{"curated then generic", []taint.Flow{flow(curated, at(5, "sink", curated)), flow(g2, at(5, "propagate", curated), at(9, "sink", g2))},
			"La/Sdk;->setAttr(Ljava/lang/String;Ljava/lang/String;)V", reports.High},
		{"generic then curated", []taint.Flow{flow(g1, at(5, "sink", g1)), flow(curated, at(5, "propagate", g1), at(9, "sink", curated))},
			"La/Sdk;->setAttr(Ljava/lang/String;Ljava/lang/String;)V", reports.High},
		{"generic then generic", []taint.Flow{flow(g1, at(5, "sink", g1)), flow(g2, at(5, "propagate", g1), at(9, "sink", g2))},
			"La/Sdk;->flush(La/Event;)V", reports.Medium},
	} {
		got := p.sdkFlows(c.in, false)
		if len(got) != 1 || got[0].Sink.Method != c.want || got[0].Confidence != c.conf {
			for _, f := range got {
				t.Logf("%s: got %s %s", c.name, f.Sink.Method, f.Confidence)
			}
			t.Errorf("%s: %d flows, want one to %s (%s)", c.name, len(got), c.want, c.conf)
			continue
		}
		wantRole := ""
		if c.conf == reports.Medium {
			wantRole = RoleUnknown
		}
		if got[0].Sink.Role != wantRole {
			t.Errorf("%s: role %q, want %q", c.name, got[0].Sink.Role, wantRole)
		}
	}
}
