package reports

// Flow rules.
const (
	RuleURLToSDK        = "url-to-sdk"                // a URL (visited page, deep link) reaches an SDK
	RuleSearchToSDK     = "search-to-sdk"             // a search query reaches an SDK
	RuleIdentifierToSDK = "identifier-to-sdk"         // a device/advertising/account id reaches an SDK
	RuleInputToSDK      = "input-to-sdk"              // other user input reaches an SDK
	RuleLocationToSDK   = "location-to-sdk"           // location reaches an SDK
	RuleInputToHost     = "input-to-third-party-host" // user data reaches a third-party host via a generic network sink
	RuleAndroidPrivacy  = "android-privacy"           // --profile android-privacy: FlowDroid-style source → sink
)

// Flow is user data reaching a third party: from a source (where the data
// appears) to a sink (the SDK method or network call that takes it), with
// the path through the bytecode as evidence.
type Flow struct {
	Rule string `json:"rule"`
	// SDK is the sdkdb id of the receiving SDK, nil for a host-only recipient.
	SDK       *string    `json:"sdk"`
	Recipient Recipient  `json:"recipient"`
	Sink      FlowSink   `json:"sink"`
	Source    FlowSource `json:"source"`
	Path      []PathStep `json:"path"`
	// Value is the reconstructed value where constant parts are known, with
	// tainted parts as «kind»: "https://api.example/search?q=" + «search-query».
	Value      string `json:"value,omitempty"`
	Confidence string `json:"confidence"`
	// Fingerprint is stable across rebuilds and obfuscation: it hashes the
	// rule, SDK id, sink method as declared in sdkdb, source kind and
	// normalised host — never offsets or obfuscated names.
	Fingerprint string `json:"fingerprint"`
	Profile     string `json:"profile,omitempty"`
	// Partial is set when the taint analysis stopped on a budget: other
	// flows may be missing (see the report's problems).
	Partial bool `json:"partial,omitempty"`
	// Attribution says how the receiving SDK was recognised when its
	// classes are renamed (R8/ProGuard): which evidence ties the renamed
	// sink class to the SDK.
	Attribution string `json:"attribution,omitempty"`
}

// Recipient is who receives a flow.
type Recipient struct {
	Vendor string `json:"vendor"`
	Host   string `json:"host,omitempty"`
}

// FlowSink is the method that takes the data.
type FlowSink struct {
	// Method in smali form: Lcom/x/Y;->m(Ljava/lang/String;)V
	Method string `json:"method"`
	// Arg is the argument index (0 = receiver for instance methods).
	Arg  int    `json:"arg"`
	Role string `json:"role,omitempty"`
	// Param names the key the value was stored under when known
	// (Bundle key, attribute name): "search_term".
	Param string `json:"param,omitempty"`
}

// FlowSource is where the data comes from.
type FlowSource struct {
	// Kind is one of: url, search-query, user-input, device-id,
	// advertising-id, location, account, contact, clipboard, intent-data, file.
	Kind string `json:"kind"`
	// Method is the source API (smali form) or the callback whose
	// parameter carries the data.
	Method   string `json:"method"`
	Callback bool   `json:"callback,omitempty"`
}

// PathStep is one method on the path from source to sink.
type PathStep struct {
	Class  string `json:"class"`
	Method string `json:"method"`
	PC     int    `json:"pc"`
	// File is the DEX file holding the method.
	File string `json:"file,omitempty"`
	// Insn is the instruction at PC in smali-like text.
	Insn string `json:"insn,omitempty"`
	// Kind is what the step does with the data: source, callback,
	// propagate, call, return, field-write, field-read, array or sink.
	Kind string `json:"kind,omitempty"`
}
