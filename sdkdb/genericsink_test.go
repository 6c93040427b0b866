package sdkdb

import (
	"strings"
	"testing"
)

func TestGenericSinkExclusions(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	spec := db.Taint()
	if len(spec.GenericSinkCategories) == 0 || len(spec.GenericSinkExclusions) == 0 || len(spec.GenericSinkKept) == 0 {
		t.Fatalf("generic sink data missing: %d categories, %d exclusions, %d kept", len(spec.GenericSinkCategories), len(spec.GenericSinkExclusions), len(spec.GenericSinkKept))
	}
	for _, c := range []struct {
		method string
		want   bool
	}{
		{"Lx/Y;->getHwid()Ljava/lang/String;", true},
		{"Lx/Y;->getHwid(Ljava/lang/String;)Ljava/lang/String;", false}, // a getter with an argument may send it
		{"Lx/Y;->isTracking()Z", true},
		{"Lx/Y;->toString()Ljava/lang/String;", true},
		{"Lx/Y;->hashCode()I", true},
		{"Lx/Y;->equals(Ljava/lang/Object;)Z", true},
		{"Lx/Y;->getInstance(Landroid/content/Context;)Lx/Y;", true},
		{"Lx/Y;->getInstance(Landroid/content/Context;Ljava/lang/String;)Lx/Y;", false},
		{"Lx/Y;->track(Ljava/lang/String;)V", false},
		{"Lx/Y;-><init>(Ljava/lang/String;)V", false},
		{"Lx/Y;->setUserId(Ljava/lang/String;)V", false},
		{"garbage", false},
		{"Lx/Y;->get*()V", true}, // hostile names are only compared, never interpreted
	} {
		if _, got := spec.GenericSinkExcluded(c.method); got != c.want {
			t.Errorf("GenericSinkExcluded(%s) = %v, want %v", c.method, got, c.want)
		}
	}
	sdk := &SDK{ID: "x", Categories: []Category{CatPush, CatLocation}}
	if !spec.IsGenericSinkSDK(sdk) {
		t.Errorf("a location SDK is not a generic sink SDK")
	}
	if spec.IsGenericSinkSDK(&SDK{ID: "y", Categories: []Category{CatPush, CatOther}}) {
		t.Errorf("a push-only SDK is a generic sink SDK")
	}
}

// TestGenericSinkValidation: the samples of the data are checked.
func TestGenericSinkValidation(t *testing.T) {
	s := &TaintSpec{Path: "t.yaml",
		GenericSinkCategories: []Category{"analytics", "tracking"},
		GenericSinkExclusions: []GenericSinkExclusion{
			{Method: "get*()", Why: "getter", Samples: []string{"La/B;->getX()I", "La/B;->getX(I)I"}},
			{Method: "La/B;->x()", Why: "x", Samples: []string{"La/B;->x()V"}},
			{Method: "*a*b()", Why: "two stars", Samples: []string{"La/B;->ab()V"}},
			{Method: "is*()", Samples: []string{"La/B;->isX()Z"}},
			{Method: "has*()", Why: "no samples"},
		},
		GenericSinkKept: []string{"La/B;->getY()I", "notamethod"},
	}
	errs := validateTaint(s)
	var all []string
	for _, e := range errs {
		all = append(all, e.Error())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		`generic sink category "tracking"`,
		`sample "La/B;->getX(I)I" does not match`,
		`exclusion "La/B;->x()"`,
		`exclusion "*a*b()"`,
		`exclusion "is*()": say why`,
		`exclusion "has*()": give at least one sample`,
		`sample "La/B;->getY()I" must stay a sink but exclusion "get*()" matches it`,
		`sample "notamethod"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("validation misses %s; got:\n%s", want, text)
		}
	}
	if strings.Contains(text, `"La/B;->getX()I"`) {
		t.Errorf("a matching sample reported:\n%s", text)
	}
}
