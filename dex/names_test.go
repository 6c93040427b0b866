package dex

import (
	"slices"
	"testing"
)

func TestSplitTypes(t *testing.T) {
	got := SplitTypes("ILjava/lang/String;[[La/b;J[I")
	want := []string{"I", "Ljava/lang/String;", "[[La/b;", "J", "[I"}
	if !slices.Equal(got, want) {
		t.Errorf("SplitTypes = %q, want %q", got, want)
	}
}
