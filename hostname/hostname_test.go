package hostname

import "testing"

func TestRegistrable(t *testing.T) {
	for in, want := range map[string]string{
		"www.bbc.co.uk":                     "bbc.co.uk",
		"API.Segment.io.":                   "segment.io",
		"telemetry.medbook-partner.example": "medbook-partner.example",
		"b.tiles.mapbox.com":                "mapbox.com",
		"myapp.herokuapp.com":               "myapp.herokuapp.com",
		"x.y.myapp.firebaseapp.com":         "myapp.firebaseapp.com",
		"10.0.0.1":                          "10.0.0.1",
		"co.uk":                             "co.uk",
		"localhost":                         "localhost",
	} {
		if got := Registrable(in); got != want {
			t.Errorf("Registrable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOrgLabel(t *testing.T) {
	for in, want := range map[string]string{"api.medbook.example": "medbook", "www.bbc.co.uk": "bbc", "127.0.0.1": "", "com": ""} {
		if got := OrgLabel(in); got != want {
			t.Errorf("OrgLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasICANNSuffix(t *testing.T) {
	for in, want := range map[string]bool{
		"api.segment.io":                    true,
		"www.bbc.co.uk":                     true,
		"myapp.herokuapp.com":               true,
		"javax.xml.transform.dom.domresult": false,
		"dom.domresult":                     false,
		"medbook-partner.example":           false,
		"localhost":                         false,
		"8.8.8.8":                           false,
		"co.uk":                             false,
	} {
		if got := HasICANNSuffix(in); got != want {
			t.Errorf("HasICANNSuffix(%q) = %v, want %v", in, got, want)
		}
	}
}
