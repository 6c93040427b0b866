package apk

import (
	"reflect"
	"testing"
)

// TestUsesLibrary: <uses-library> names of <application>, sorted (Exodus
// reports them as "libraries").
func TestUsesLibrary(t *testing.T) {
	lib := func(name string) *node { return &node{name: "uses-library", attrs: map[string]string{"name": name}} }
	root := &node{name: "manifest", attrs: map[string]string{"package": "com.x"}, children: []*node{
		{name: "uses-library", attrs: map[string]string{"name": "outside.application"}}, // ignored by Android
		{name: "application", attrs: map[string]string{}, children: []*node{
			lib("org.apache.http.legacy"), lib(" com.google.android.maps "), lib(""),
			{name: "activity", attrs: map[string]string{"name": ".Main"}, children: []*node{lib("inside.activity")}},
		}},
	}}
	m := buildManifest(root)
	if want := []string{"com.google.android.maps", "org.apache.http.legacy"}; !reflect.DeepEqual(m.Libraries, want) {
		t.Errorf("libraries %q, want %q", m.Libraries, want)
	}
}
