package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// SARIF baselineState values (SARIF 2.1.0 §3.27.24).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
	BaselineAbsent    = "absent"
)

// EncodeSARIFBaseline writes one SARIF log with one run: the findings of
// the new build as results whose baselineState says whether the old build
// had them ("new" or "unchanged", matched by the stable
// partialFingerprints), followed by the old build's findings that are gone
// ("absent"). Results of the new build point at artifact 0 (the new APK),
// absent ones at artifact 1 (the old APK). Every value from an APK is
// sanitized as in SARIFEncoder.
func EncodeSARIFBaseline(w io.Writer, oldR, newR *Report) error {
	run := sarifRunOf(newR)
	oldRun := sarifRunOf(oldR)
	inNew, inOld := map[string]bool{}, map[string]bool{}
	for _, res := range oldRun.Results {
		inOld[res.PartialFingerprints[sarifFingerprintKey]] = true
	}
	for i := range run.Results {
		fp := run.Results[i].PartialFingerprints[sarifFingerprintKey]
		inNew[fp] = true
		run.Results[i].BaselineState = BaselineNew
		if inOld[fp] {
			run.Results[i].BaselineState = BaselineUnchanged
		}
	}
	one := 1
	oldArt := oldRun.Artifacts[0]
	oldLoc := sarifArtifactLocation{URI: oldArt.Location.URI, Index: &one}
	relocate := func(l *sarifLocation) {
		if l.PhysicalLocation != nil {
			l.PhysicalLocation = &sarifPhysical{ArtifactLocation: oldLoc}
		}
	}
	for _, res := range oldRun.Results {
		if inNew[res.PartialFingerprints[sarifFingerprintKey]] {
			continue
		}
		res.BaselineState = BaselineAbsent
		for i := range res.Locations {
			relocate(&res.Locations[i])
		}
		for i := range res.CodeFlows {
			for j := range res.CodeFlows[i].ThreadFlows {
				for k := range res.CodeFlows[i].ThreadFlows[j].Locations {
					relocate(&res.CodeFlows[i].ThreadFlows[j].Locations[k].Location)
				}
			}
		}
		run.Results = append(run.Results, res)
	}
	run.Artifacts = append(run.Artifacts, oldArt)
	run.Properties["baseline"] = map[string]any{
		"package": st(oldR.App.Package), "version_name": st(oldR.App.VersionName), "version_code": oldR.App.VersionCode,
		"sha256": oldR.App.SHA256,
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}
