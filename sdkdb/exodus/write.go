package exodus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/sdkdb"
)

// Rendering the imported entries as YAML files and writing them.

// Render returns the files WriteDir writes, keyed by slash path relative to
// the output folder: "<id>.yaml" per entry, "vendors/<id>.yaml" per
// generated vendor, and ATTRIBUTION.md.
func Render(sdks []*sdkdb.SDK, vendors []*sdkdb.Vendor) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, s := range sdks {
		body, err := sdkdb.MarshalSDK(s)
		if err != nil {
			return nil, fmt.Errorf("exodus: %s: %w", s.ID, err)
		}
		var b bytes.Buffer
		b.WriteString(GeneratedMarker + "\n")
		fmt.Fprintf(&b, "# %s\n", Attribution)
		b.WriteString("# (https://opendatacommons.org/licenses/odbl/1-0/). Source: Exodus tracker\n")
		fmt.Fprintf(&b, "# %d, https://reports.exodus-privacy.eu.org/en/trackers/%d/\n", s.ExodusID, s.ExodusID)
		b.WriteString("# To change it, add a curated entry with the same exodus_id (sdkdb/README.md).\n")
		b.Write(body)
		name := s.ID + ".yaml"
		if _, dup := files[name]; dup {
			return nil, fmt.Errorf("exodus: duplicate id %s", s.ID)
		}
		files[name] = b.Bytes()
	}
	for _, v := range vendors {
		body, err := sdkdb.MarshalVendor(v)
		if err != nil {
			return nil, fmt.Errorf("exodus: vendor %s: %w", v.ID, err)
		}
		var b bytes.Buffer
		b.WriteString(GeneratedMarker + "\n")
		fmt.Fprintf(&b, "# %s\n", Attribution)
		b.WriteString("# (https://opendatacommons.org/licenses/odbl/1-0/). Generated vendor: replace\n")
		b.WriteString("# it by a curated vendor in sdkdb/data/vendors and map the trackers in\n")
		b.WriteString("# sdkdb/exodus/vendors.go.\n")
		b.Write(body)
		files["vendors/"+v.ID+".yaml"] = b.Bytes()
	}
	files["ATTRIBUTION.md"] = []byte(attributionText(len(sdks)))
	return files, nil
}

func attributionText(n int) string {
	return `# Attribution – Exodus Privacy tracker database

The ` + strconv.Itoa(n) + ` YAML files in this folder (and the generated vendor files in
vendors/) are derived from the Exodus Privacy tracker database
(https://reports.exodus-privacy.eu.org/en/trackers/), © Exodus Privacy,
made available under the Open Database License (ODbL) v1.0:
https://opendatacommons.org/licenses/odbl/1-0/

They were produced by the apkscan Exodus importer (package sdkdb/exodus):
code and network signatures are kept with their Exodus semantics, categories
are mapped to the apkscan vocabulary, and a short description, a vendor and
test samples are derived from each tracker. Any public use of this derived
database must keep this attribution and be offered under the ODbL 1.0.

Do not edit these files by hand: regenerate them with
` + "`apkscan sdkdb import-exodus trackers.json --out sdkdb/data/exodus`" + ` or
` + "`go test ./sdkdb/exodus -run TestEmbeddedData -update`" + `, and override entries
with curated files (sdkdb/data/curated) carrying the same exodus_id.
`
}

// WriteDir writes the rendered files into dir (created if needed) and
// removes stale generated files (*.yaml starting with GeneratedMarker that
// are not part of this import). Output is byte-for-byte deterministic.
func WriteDir(dir string, sdks []*sdkdb.SDK, vendors []*sdkdb.Vendor) error {
	files, err := Render(sdks, vendors)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "vendors"), 0o755); err != nil {
		return err
	}
	for _, sub := range []string{"", "vendors"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return err
		}
		for _, e := range entries {
			rel := e.Name()
			if sub != "" {
				rel = sub + "/" + e.Name()
			}
			if e.IsDir() || !strings.HasSuffix(rel, ".yaml") || files[rel] != nil {
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(rel))
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.HasPrefix(data, []byte(GeneratedMarker)) {
				if err := os.Remove(p); err != nil {
					return err
				}
			}
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[n]) {
			continue
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}
