// Package sdkdb is apkscan's signature database of third-party SDKs
// (trackers, telemetry, analytics, crash reporting, media…): one
// human-editable YAML file per SDK and per vendor, embedded in the binary,
// validated, and overridable from a folder at run time.
//
// # Layout
//
//	data/db.yaml                 version (date based) and description
//	data/vendors/<id>.yaml       curated vendors
//	data/curated/<id>.yaml       curated SDK entries
//	data/exodus/<id>.yaml        entries generated from the Exodus Privacy list (package sdkdb/exodus)
//	data/exodus/vendors/<id>.yaml vendors generated for imported-only trackers
//	data/exodus/ATTRIBUTION.md   ODbL 1.0 attribution
//
// Load reads any folder with the same conventions: db.yaml at the root, one
// vendor per file below a directory named "vendors", one SDK per other
// *.yaml file. The file name must equal the id.
//
// # SDK entry
//
//	id: aws-pinpoint                  # stable, lowercase kebab-case
//	name: Amazon Pinpoint
//	vendor: amazon                    # vendor id
//	categories: [analytics, engagement]
//	exodus_id: 95                     # optional Exodus tracker id
//	website: https://aws.amazon.com/pinpoint/
//	description: short text
//	notes: caveats (lumped products, weak signals…)
//	code:
//	  prefixes: [com.amazonaws.mobileconnectors.pinpoint.]  # literal, anchored at the class name start
//	  contains: [com.amazon.insights]                       # Exodus semantics: anywhere, '.' = any char
//	  regexes: ['^com\.x\.(a|b)\.']                         # RE2, unanchored search
//	network:
//	  hosts: [api.example.com, .example.net, "pinpoint.*.amazonaws.com"]
//	  regexes: ['^beacon[0-9]+\.example\.com$']
//	manifest:
//	  components: [com.x.Receiver, "com.x.push.*"]   # exact, "prefix*" or "*suffix"
//	  meta_data: [X_API_KEY]
//	  authorities: ["*.XInitProvider"]
//	  permissions: [com.google.android.c2dm.permission.RECEIVE]
//	files:
//	  - res/raw/awsconfiguration.json               # path.Match glob
//	  - {glob: "META-INF/x_y.version", version: content}
//	resources: [google_app_id]
//	sinks:
//	  - method: "Lcom/x/Analytics;->track(Ljava/lang/String;Ljava/util/Map;)V"
//	    static: false                                # index 0 = receiver unless static
//	    args: [{index: 1, role: event-name}, {index: 2, role: properties}]
//	samples:
//	  true_positives: [{class: com.x.Analytics}, {host: api.example.com}]
//	  false_positives: [{class: com.xy.Foo}]
//
// Hosts: "a.example.com" is exact; ".example.com" matches example.com and
// every subdomain on a label boundary; a "*" label (not the first) matches
// exactly one label. Categories and roles use fixed vocabularies
// (Categories, Roles).
//
// # Curated entries and Exodus
//
// A curated entry carrying exodus_id N (or the same id as the imported
// entry) supersedes the imported entry of tracker N. Validate requires it to
// keep every Exodus code signature (in code.contains or code.regexes, with
// the same string) and network signature (a covering host, the same regex),
// and the imported entry's samples must match the curated entry, so
// superseding never loses a detection.
//
// # Matching
//
// DB.Matcher returns a compiled, concurrency-safe Matcher. MatchClass uses a
// byte trie for prefixes and one Aho-Corasick automaton for the literal
// anchors of contains patterns and of regexes (regexes without a usable
// literal run for every class); 30,000 classes take a few milliseconds.
// Every Match carries the signature that matched (Kind and Pattern) for
// evidence.
//
//go:generate go test ./exodus -run TestEmbeddedData -update
//go:generate go test . -run TestLintBuiltin -update
//go:generate go test . -run TestSnapshotFresh -update-snapshot
package sdkdb
