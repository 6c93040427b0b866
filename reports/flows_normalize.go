package reports

import "sort"

// normalizeFlows gives flows a deterministic order (by fingerprint, then by
// the fields the fingerprint hashes) and replaces nil paths by empty ones.
func normalizeFlows(fs []Flow) {
	for i := range fs {
		if fs[i].Path == nil {
			fs[i].Path = []PathStep{}
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return flowKey(fs[i]) < flowKey(fs[j]) })
}

func flowKey(f Flow) string {
	sdk := ""
	if f.SDK != nil {
		sdk = *f.SDK
	}
	first := ""
	if len(f.Path) > 0 {
		first = f.Path[0].Class + "\x00" + f.Path[0].Method
	}
	return f.Fingerprint + "\x00" + f.Rule + "\x00" + sdk + "\x00" + f.Sink.Method + "\x00" + f.Source.Kind + "\x00" + f.Recipient.Host + "\x00" + f.Sink.Param + "\x00" + first
}
