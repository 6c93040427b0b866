package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"errors"

	"github.com/apkscan/apkscan/errs"
)

func TestWriteFileAtomicTargets(t *testing.T) {
	dir := t.TempDir()
	write := func(p, text string) error {
		return writeFileAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, text); return err })
	}
	// New file, then replaced.
	reg := filepath.Join(dir, "r.txt")
	if err := write(reg, "one"); err != nil {
		t.Fatal(err)
	}
	if err := write(reg, "two"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(reg); string(b) != "two" {
		t.Errorf("regular file holds %q", b)
	}
	// A link to a regular file stays a link; its target gets the report.
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	if err := write(link, "three"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("symlink replaced by a regular file")
	}
	if b, _ := os.ReadFile(reg); string(b) != "three" {
		t.Errorf("link target holds %q", b)
	}
	// A character device is written through, not replaced.
	devLink := filepath.Join(dir, "null")
	if err := os.Symlink("/dev/null", devLink); err != nil {
		t.Fatal(err)
	}
	if err := write(devLink, "x"); err != nil {
		t.Fatalf("/dev/null through a link: %v", err)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", fi, err)
	}
	// A named pipe nobody reads (opening it would block) and a directory
	// are refused before anything is written.
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for p, want := range map[string]string{fifo: "a named pipe that nobody reads", dir: "is a directory"} {
		err := write(p, "x")
		if !errors.Is(err, errs.ErrUsage) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want a usage error saying %q", p, err, want)
		}
	}
}
