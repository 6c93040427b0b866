package bulk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apkscan/apkscan/apk"
)

// Input is one thing to scan: an APK, a bundle (.apks, .xapk, .apkm), or a
// directory holding the split APKs of one app.
type Input struct {
	Path string
	// Dir is true for a directory of split APKs (scanned as one app).
	Dir bool
	// Size is the file size (for a directory: the sum of its APKs).
	Size int64
	// ModTime is the file's (for a directory: the newest of it and its APKs).
	ModTime time.Time
	// Err is set when the input could not be listed or stat'ed; it is
	// recorded as an error without scanning.
	Err error
}

// Extensions are the file name endings bulk scanning picks up in
// directories (case-insensitive). Files named explicitly are scanned
// whatever their name.
var Extensions = []string{".apk", ".apks", ".xapk", ".apkm"}

func wanted(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// ReadList reads one path per line (blank lines and lines starting with
// '#' are ignored), as given to --from-file or on standard input.
func ReadList(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// Collect lists the inputs under paths: a directory is walked recursively
// (symbolic links to directories are not followed) for files with one of
// Extensions; a directory whose .apk files are the splits of one app (one
// package, exactly one base APK, at least one split) becomes one input.
// A file named in paths is one input. The result is sorted by path, with
// duplicates removed. Paths that cannot be read become inputs with Err.
func Collect(ctx context.Context, paths []string, lim apk.Limits) ([]Input, error) {
	if lim.MaxSplits == 0 {
		lim = apk.DefaultLimits()
	}
	seen := map[string]bool{}
	var out []Input
	add := func(in Input) {
		if !seen[in.Path] {
			seen[in.Path] = true
			out = append(out, in)
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p = filepath.Clean(p)
		fi, err := os.Stat(p)
		if err != nil {
			add(Input{Path: p, Err: errors.Unwrap(err)})
			continue
		}
		if !fi.IsDir() {
			in := Input{Path: p, Size: fi.Size(), ModTime: fi.ModTime()}
			if !fi.Mode().IsRegular() {
				in.Err = errors.New("not a regular file")
			}
			add(in)
			continue
		}
		if err := walk(ctx, p, lim, add); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

type fileInfo struct {
	path string
	size int64
	mod  time.Time
}

func walk(ctx context.Context, root string, lim apk.Limits, add func(Input)) error {
	byDir := map[string][]fileInfo{}
	dirMod := map[string]time.Time{}
	var dirs []string
	start := root
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		start += string(filepath.Separator) // a symbolic link given as the root is followed
	}
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		p = filepath.Clean(p)
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			add(Input{Path: p, Err: unwrapPath(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			if fi, err := d.Info(); err == nil {
				dirMod[p] = fi.ModTime()
			}
			return nil
		}
		if !wanted(d.Name()) {
			return nil
		}
		fi, err := os.Stat(p) // follows a symbolic link to a file
		if err != nil {
			add(Input{Path: p, Err: unwrapPath(err)})
			return nil
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
		dir := filepath.Dir(p)
		byDir[dir] = append(byDir[dir], fileInfo{p, fi.Size(), fi.ModTime()})
		return nil
	})
	if err != nil {
		return err
	}
	for _, dir := range dirs {
		files := byDir[dir]
		if splitSet(files, lim) {
			in := Input{Path: dir, Dir: true, ModTime: dirMod[dir]}
			var rest []fileInfo
			for _, f := range files {
				if !strings.EqualFold(filepath.Ext(f.path), ".apk") {
					rest = append(rest, f) // a bundle beside the splits stays its own input
					continue
				}
				in.Size += f.size
				if f.mod.After(in.ModTime) {
					in.ModTime = f.mod
				}
			}
			add(in)
			files = rest
		}
		for _, f := range files {
			add(Input{Path: f.path, Size: f.size, ModTime: f.mod})
		}
	}
	return nil
}

// splitSet decides whether the .apk files of one directory are the splits
// of one app, reading only their manifests and stopping at the first
// file that rules it out.
func splitSet(files []fileInfo, lim apk.Limits) bool {
	var apks []string
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f.path), ".apk") {
			apks = append(apks, f.path)
		}
	}
	if len(apks) < 2 || len(apks) > lim.MaxSplits {
		return false
	}
	sort.Strings(apks)
	pkg, bases, splits := "", 0, 0
	for _, p := range apks {
		id, err := apk.PeekManifest(p, lim)
		if err != nil || id.Package == "" || (pkg != "" && id.Package != pkg) {
			return false
		}
		pkg = id.Package
		if id.Split == "" {
			bases++
		} else {
			splits++
		}
		if bases > 1 {
			return false
		}
	}
	return bases == 1 && splits > 0
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Shard selects a deterministic part of the inputs: input i belongs to
// shard FNV-1a-64(path) mod Count. Count 0 or 1 means everything.
type Shard struct {
	Index, Count int
}

// String is "I/N", or "" for no sharding.
func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ParseShard reads "I/N" (0 <= I < N).
func ParseShard(s string) (Shard, error) {
	var sh Shard
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return sh, fmt.Errorf("shard %q: want I/N, e.g. 0/4", s)
	}
	if _, err := fmt.Sscanf(i+" "+n, "%d %d", &sh.Index, &sh.Count); err != nil || sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
		return Shard{}, fmt.Errorf("shard %q: want I/N with 0 <= I < N", s)
	}
	return sh, nil
}

// Owns reports whether path belongs to the shard.
func (s Shard) Owns(path string) bool {
	if s.Count <= 1 {
		return true
	}
	return ShardOf(path, s.Count) == s.Index
}

// ShardOf is FNV-1a (64-bit) of path, modulo n.
func ShardOf(path string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(path))
	return int(h.Sum64() % uint64(n))
}

// Select keeps the inputs of the shard.
func (s Shard) Select(ins []Input) []Input {
	if s.Count <= 1 {
		return ins
	}
	var out []Input
	for _, in := range ins {
		if s.Owns(in.Path) {
			out = append(out, in)
		}
	}
	return out
}
