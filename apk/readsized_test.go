package apk

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadSized checks readSized against io.ReadAll: same bytes whatever
// the declared size says, an exact final buffer when the declared size is
// true, and no allocation beyond doubling when it lies.
func TestReadSized(t *testing.T) {
	data := make([]byte, 5<<20+123)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, tc := range []struct {
		name     string
		n        int
		declared int64
		initial  int
		maxCap   int
	}{
		{"true size beyond initial buffer", len(data), int64(len(data)), initialCap + 1, len(data) + 1},
		{"true size fits", 1000, 1000, 1001, 1001},
		{"declared too small", 10000, 100, 101, 2 * 10000},
		{"declared huge (a lie)", 1000, 1 << 40, 513, 2 * 1026},
		{"declared zero", 3000, 0, 0, 2 * 3000},
	} {
		r := iotest.HalfReader(bytes.NewReader(data[:tc.n]))
		got, err := readSized(r, make([]byte, 0, tc.initial), tc.declared)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(got, data[:tc.n]) {
			t.Fatalf("%s: %d bytes read, want the %d written", tc.name, len(got), tc.n)
		}
		if cap(got) > tc.maxCap {
			t.Errorf("%s: buffer of %d bytes for %d (declared %d)", tc.name, cap(got), tc.n, tc.declared)
		}
	}
	boom := errors.New("boom")
	got, err := readSized(io.MultiReader(bytes.NewReader(data[:700]), iotest.ErrReader(boom)), nil, 700)
	if !errors.Is(err, boom) || len(got) != 700 {
		t.Errorf("error: got %d bytes, %v; want 700 and boom", len(got), err)
	}
}
