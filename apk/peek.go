package apk

import (
	"errors"
)

// Identity is what PeekManifest reads from one APK: enough to decide
// whether a set of files is the splits of one app.
type Identity struct {
	Package string
	// Split is the manifest's split attribute: "" for a base APK.
	Split       string
	VersionCode int64
}

// PeekManifest reads only the ZIP directory and AndroidManifest.xml of one
// APK file (no hashing, no signers, no resources): a cheap look used by
// bulk scanning to group a directory of split APKs into one input.
func PeekManifest(path string, lim Limits) (Identity, error) {
	if lim.MaxManifest == 0 {
		lim = DefaultLimits()
	}
	f, _, err := openRegular(path)
	if err != nil {
		return Identity{}, &InputError{path, err}
	}
	defer f.Close()
	ar, err := OpenArchive(path, f, lim)
	if err != nil {
		return Identity{}, err
	}
	defer ar.Close()
	if !ar.Has("AndroidManifest.xml") {
		return Identity{}, errors.New("no AndroidManifest.xml")
	}
	data, err := ar.ReadEntry("AndroidManifest.xml", lim.MaxManifest)
	if err != nil {
		return Identity{}, err
	}
	m, _, err := parseManifest(data, nil, nil)
	if m == nil {
		if err == nil {
			err = errors.New("AndroidManifest.xml could not be decoded")
		}
		return Identity{}, err
	}
	return Identity{Package: m.Package, Split: m.Split, VersionCode: m.VersionCode}, nil
}
