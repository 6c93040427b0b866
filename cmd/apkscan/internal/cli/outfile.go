package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/apkscan/apkscan/errs"
)

// writeFileAtomic writes a report to path (-o) without ever leaving a
// half-written file and without replacing what is not a regular file:
//
//   - a new path or a regular file: written to a temporary file in the
//     same directory, then renamed over it;
//   - a symbolic link to a regular file: the same, at the link's target
//     (the link stays a link);
//   - a character device (/dev/stdout, /dev/null, a terminal) or a pipe
//     with a reader, directly or through a link such as /proc/self/fd/1:
//     written through, not replaced (a pipe nobody reads is refused at
//     once, never waited on);
//   - anything else (directory, socket, block device): refused with a
//     usage error, before anything is written.
func writeFileAtomic(path string, fill func(io.Writer) error) error {
	target := path
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			// A dangling link: a device link such as /proc/self/fd/1
			// may not resolve by path; go by what it points at.
			target = path
		}
	}
	if fi, err := os.Stat(target); err == nil {
		switch m := fi.Mode(); {
		case m.IsRegular():
		case m&fs.ModeCharDevice != 0, m&fs.ModeNamedPipe != 0:
			// O_NONBLOCK: opening a pipe nobody reads fails at once
			// (ENXIO) instead of blocking; Go's poller handles the writes.
			f, err := os.OpenFile(target, os.O_WRONLY|syscall.O_NONBLOCK, 0)
			if err != nil {
				if m&fs.ModeNamedPipe != 0 {
					return errs.Usage(fmt.Errorf("-o %s: a named pipe that nobody reads", path))
				}
				return err
			}
			if err := fill(f); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		default:
			return errs.Usage(fmt.Errorf("-o %s: %s, not a regular file, character device or pipe", path, describeMode(m)))
		}
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// setMemoryLimit sets the Go runtime's soft memory limit to budget,
// unless the user set one with $GOMEMLIMIT.
func setMemoryLimit(budget int64) {
	if os.Getenv("GOMEMLIMIT") == "" && budget > 0 {
		debug.SetMemoryLimit(budget)
	}
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "is a directory"
	case m&fs.ModeNamedPipe != 0:
		return "is a named pipe"
	case m&fs.ModeSocket != 0:
		return "is a socket"
	case m&fs.ModeDevice != 0:
		return "is a block device"
	}
	return "is not a regular file (" + m.Type().String() + ")"
}
