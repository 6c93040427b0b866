package apk

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// fileKind names what a non-regular file is, for one-line errors.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	}
	return "a special file"
}

func notRegular(m fs.FileMode) error {
	return errors.New("is " + fileKind(m) + ", not a regular file")
}

// openRegular opens p for reading only when it is a regular file. It
// stats the path first (a FIFO would block open(2) forever), opens with
// O_NONBLOCK so that a file swapped for a FIFO between the two calls
// cannot block either, and checks with fstat that what it opened is the
// regular file it looked at. Errors are one line and do not repeat p.
func openRegular(p string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, pathErr(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fi, notRegular(fi.Mode())
	}
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, pathErr(err)
	}
	got, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, pathErr(err)
	}
	if !got.Mode().IsRegular() {
		f.Close()
		return nil, got, notRegular(got.Mode())
	}
	if !os.SameFile(fi, got) {
		f.Close()
		return nil, got, errors.New("was replaced while being opened")
	}
	return f, got, nil
}

// pathErr drops the *fs.PathError wrapper (whose message repeats the path).
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// OpenRegular opens p for reading only if it is a regular file, without
// ever blocking on a FIFO or device (see Open). Its error is an
// *InputError such as "p: is a named pipe, not a regular file". Other
// packages that read an input before apk.Open (report detection, hashing
// for a store look-up) should open it with this.
func OpenRegular(p string) (*os.File, error) {
	f, _, err := openRegular(p)
	if err != nil {
		return nil, &InputError{p, err}
	}
	return f, nil
}
