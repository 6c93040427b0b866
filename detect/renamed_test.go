package detect

import (
	"testing"

	"github.com/apkscan/apkscan/sdkdb"
)

func TestRenamedLooking(t *testing.T) {
	for desc, want := range map[string]bool{
		"La/e/b;":                  true,
		"La;":                      true,
		"Lab/c0/d$a;":              true,
		"Lo/ab;":                   true,
		"Lcom/example/medbook/a;":  false, // long package: not repackaged by R8
		"Lcom/amazonaws/Pinpoint;": false,
		"La/B;":                    false, // R8 writes lower case
		"La/b$\u202e;":             false, // hostile inner-class suffix
		"La/abcd;":                 false,
		"[La/b;":                   false,
		"I":                        false,
		"La//b;":                   false,
	} {
		if got := renamedLooking(desc); got != want {
			t.Errorf("renamedLooking(%q) = %v, want %v", desc, got, want)
		}
	}
}

// TestCommonArgs: overloads that renaming makes one shape keep only the
// argument roles they agree on (track/screen(String, Properties): the
// properties, not the event or screen name).
func TestCommonArgs(t *testing.T) {
	track := &sdkdb.Sink{Method: "track", Args: []sdkdb.SinkArg{{Index: 1, Role: "event-name", Name: "event"}, {Index: 2, Role: "properties", Name: "properties"}}}
	screen := &sdkdb.Sink{Method: "screen", Args: []sdkdb.SinkArg{{Index: 1, Role: "screen-name", Name: "name"}, {Index: 2, Role: "properties", Name: "properties"}}}
	got := commonArgs([]*sdkdb.Sink{track, screen})
	if len(got) != 1 || got[0].Index != 2 {
		t.Errorf("commonArgs = %+v", got)
	}
	if len(commonArgs([]*sdkdb.Sink{track})) != 2 || commonArgs(nil) != nil {
		t.Error("commonArgs of one / none")
	}
	// alias(String, Options) declares only its new id: the properties
	// track and screen agree on stay, the first argument (three roles)
	// does not.
	alias := &sdkdb.Sink{Method: "alias", Args: []sdkdb.SinkArg{{Index: 1, Role: "user-id", Name: "newId"}}}
	if got := commonArgs([]*sdkdb.Sink{alias, track, screen}); len(got) != 1 || got[0].Index != 2 || got[0].Role != "properties" {
		t.Errorf("commonArgs with alias = %+v", got)
	}
	// A role the candidates declaring the argument disagree on is dropped;
	// the event name only track declares stays.
	other := &sdkdb.Sink{Method: "x", Args: []sdkdb.SinkArg{{Index: 2, Role: "payload", Name: "properties"}}}
	if got := commonArgs([]*sdkdb.Sink{track, other}); len(got) != 1 || got[0].Index != 1 {
		t.Errorf("commonArgs with a disagreeing role = %+v", got)
	}
}

func TestSplitMethod(t *testing.T) {
	c, n, ps, r, ok := splitMethod("Lx/Y;->m(Ljava/lang/String;Landroid/os/Bundle;)V")
	if !ok || c != "Lx/Y;" || n != "m" || len(ps) != 2 || r != "V" {
		t.Errorf("splitMethod: %q %q %q %q %v", c, n, ps, r, ok)
	}
	if _, _, _, _, ok := splitMethod("garbage"); ok {
		t.Error("splitMethod accepted garbage")
	}
}
