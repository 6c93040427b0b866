package apk

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/avast/apkparser"
)

const androidNS = "http://schemas.android.com/apk/res/android"

// Manifest is the decoded AndroidManifest.xml of one APK.
type Manifest struct {
	Package        string `json:"package"`
	VersionCode    int64  `json:"version_code"`
	VersionName    string `json:"version_name"`
	MinSDK         int    `json:"min_sdk"`
	TargetSDK      int    `json:"target_sdk"`
	Split          string `json:"split,omitempty"`
	ConfigForSplit string `json:"config_for_split,omitempty"`
	IsFeatureSplit bool   `json:"is_feature_split,omitempty"`

	// Permissions are the uses-permission (and -sdk-23) names, sorted.
	Permissions []string `json:"permissions"`
	// DeclaredPermissions are <permission> elements: the app's custom ones.
	DeclaredPermissions []DeclaredPermission `json:"declared_permissions"`
	Application         Application          `json:"application"`
	Components          []Component          `json:"components"`
	MetaData            []MetaData           `json:"meta_data"`
	Queries             Queries              `json:"queries"`
	// Libraries are the <uses-library> names (shared libraries the app
	// links against, e.g. org.apache.http.legacy), sorted.
	Libraries []string `json:"libraries,omitempty"`
}

// DeclaredPermission is a <permission> element.
type DeclaredPermission struct {
	Name            string `json:"name"`
	ProtectionLevel string `json:"protection_level,omitempty"`
}

// Application holds the <application> attributes that matter for privacy.
type Application struct {
	Label                 string `json:"label,omitempty"`
	Class                 string `json:"class,omitempty"`
	Debuggable            bool   `json:"debuggable"`
	AllowBackup           bool   `json:"allow_backup"`
	UsesCleartextTraffic  *bool  `json:"uses_cleartext_traffic"`
	NetworkSecurityConfig string `json:"network_security_config,omitempty"`
}

// Component is an activity, activity-alias, service, receiver or provider.
type Component struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Exported is the effective value: explicit, else true when the
	// component has an intent filter (the pre-Android-12 default).
	Exported    bool     `json:"exported"`
	Permission  string   `json:"permission,omitempty"`
	Authorities []string `json:"authorities,omitempty"`
	Actions     []string `json:"actions,omitempty"`
	Categories  []string `json:"categories,omitempty"`
	DataURIs    []string `json:"data,omitempty"`
	// Disabled: android:enabled="false" (on the component or on
	// <application>). Android does not start a disabled component unless
	// the app enables it at run time. Not in the JSON report.
	Disabled bool `json:"-"`
	// Target is an activity-alias's android:targetActivity (a class name);
	// an enabled alias makes its target startable. Not in the JSON report.
	Target string `json:"-"`
}

// MetaData is a <meta-data> element; Owner is the enclosing component name,
// or "application".
type MetaData struct {
	Name     string `json:"name"`
	Value    string `json:"value,omitempty"`
	Resource string `json:"resource,omitempty"`
	Owner    string `json:"owner"`
}

// Queries is the <queries> element (package visibility).
type Queries struct {
	Packages  []string `json:"packages"`
	Intents   []string `json:"intents"`
	Providers []string `json:"providers"`
}

// node is a bounded generic XML tree built from apkparser's token stream.
type node struct {
	name     string
	attrs    map[string]string // android: attributes by local name; others as "ns:local" or local
	children []*node
}

func (n *node) attr(k string) string { return n.attrs[k] }

const (
	maxManifestNodes = 200000
	maxManifestDepth = 128
)

// treeEncoder implements apkparser.ManifestEncoder.
type treeEncoder struct {
	root  *node
	stack []*node
	count int
	// bud is charged with what the tree holds (names, attribute keys and
	// values, and a fixed cost per element), so that the manifests of
	// many nested APKs cannot together hold more than the scan's
	// string budget.
	bud *budget
}

// nodeCost approximates the memory of a node besides its strings.
const nodeCost = 64

var errManifestTooBig = errors.New("manifest exceeds element or depth limit")

func (t *treeEncoder) EncodeToken(tok xml.Token) error {
	switch v := tok.(type) {
	case xml.StartElement:
		t.count++
		if t.count > maxManifestNodes || len(t.stack) >= maxManifestDepth {
			return errManifestTooBig
		}
		cost := int64(nodeCost + len(v.Name.Local))
		for _, a := range v.Attr {
			cost += int64(len(a.Name.Space) + len(a.Name.Local) + len(a.Value) + nodeCost/4)
		}
		if !t.bud.takeStrings(cost) {
			return t.bud.stringsErr()
		}
		n := &node{name: v.Name.Local, attrs: make(map[string]string, len(v.Attr))}
		for _, a := range v.Attr {
			k := a.Name.Local
			if a.Name.Space != "" && a.Name.Space != androidNS {
				k = a.Name.Space + ":" + k
			}
			if _, dup := n.attrs[k]; !dup {
				n.attrs[k] = a.Value
			}
		}
		if len(t.stack) == 0 {
			if t.root == nil {
				t.root = n
			}
		} else {
			p := t.stack[len(t.stack)-1]
			p.children = append(p.children, n)
		}
		t.stack = append(t.stack, n)
	case xml.EndElement:
		if len(t.stack) > 0 {
			t.stack = t.stack[:len(t.stack)-1]
		}
	}
	return nil
}

func (t *treeEncoder) Flush() error { return nil }

// parseManifest decodes binary (or plain-text) AndroidManifest.xml bytes,
// resolving resource references through resources.arsc bytes when given.
// bud bounds what it decodes: Limits.MaxXMLStringBytes per string table
// (the decoder decodes each distinct string offset once) and the scan's
// string budget for the tree it keeps; nil means a budget of its own.
func parseManifest(data, arsc []byte, bud *budget) (m *Manifest, resErr error, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("manifest decoder %w: %v", errPanic, p)
		}
	}()
	if bud == nil {
		bud = newBudget(DefaultLimits())
	}
	tableBudget := bud.lim.MaxXMLStringBytes
	var res *apkparser.ResourceTable
	if len(arsc) > 0 {
		cfg := &apkparser.ParseConfig{MaxStringTableBytes: tableBudget}
		res, resErr = apkparser.ParseResourceTableWithConfig(bytes.NewReader(arsc), cfg)
		if resErr != nil {
			res = nil
		}
	}
	enc := &treeEncoder{bud: bud}
	perr := apkparser.ParseXmlWithConfig(bytes.NewReader(data), enc, res, &apkparser.ParseConfig{MaxStringTableBytes: min(tableBudget, 8<<20)})
	if enc.root == nil {
		if perr == nil {
			perr = errors.New("no elements")
		}
		return nil, resErr, fmt.Errorf("AndroidManifest.xml: %w", perr)
	}
	if enc.root.name != "manifest" {
		return nil, resErr, fmt.Errorf("AndroidManifest.xml: root element is <%s>, not <manifest>", enc.root.name)
	}
	m = buildManifest(enc.root)
	if perr != nil {
		// A partial tree is still useful; report the decoder's complaint.
		return m, resErr, fmt.Errorf("AndroidManifest.xml partly decoded: %w", perr)
	}
	return m, resErr, nil
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "-1", "0xffffffff":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

func parseInt(s string) int64 {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		return v
	}
	if v, err := strconv.ParseUint(s, 0, 64); err == nil {
		return int64(v)
	}
	return 0
}

// className expands ".Foo" and "Foo" relative to the package, as Android does.
func className(pkg, name string) string {
	switch {
	case name == "":
		return ""
	case strings.HasPrefix(name, "."):
		return pkg + name
	case !strings.Contains(name, ".") && pkg != "":
		return pkg + "." + name
	}
	return name
}

func buildManifest(root *node) *Manifest {
	m := &Manifest{
		Package:     strings.TrimSpace(root.attr("package")),
		VersionName: root.attr("versionName"),
		Split:       root.attr("split"),
	}
	m.VersionCode = parseInt(root.attr("versionCode"))
	if major := parseInt(root.attr("versionCodeMajor")); major > 0 {
		m.VersionCode |= major << 32
	}
	m.ConfigForSplit = root.attr("configForSplit")
	m.IsFeatureSplit, _ = parseBool(root.attr("isFeatureSplit"))
	m.Application.AllowBackup = true // platform default
	perms := map[string]bool{}
	for _, c := range root.children {
		switch c.name {
		case "uses-sdk":
			m.MinSDK = int(parseInt(c.attr("minSdkVersion")))
			m.TargetSDK = int(parseInt(c.attr("targetSdkVersion")))
		case "uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m":
			if n := strings.TrimSpace(c.attr("name")); n != "" {
				perms[n] = true
			}
		case "permission":
			if n := strings.TrimSpace(c.attr("name")); n != "" {
				m.DeclaredPermissions = append(m.DeclaredPermissions, DeclaredPermission{Name: n, ProtectionLevel: protection(c.attr("protectionLevel"))})
			}
		case "queries":
			for _, q := range c.children {
				switch q.name {
				case "package":
					m.Queries.Packages = append(m.Queries.Packages, q.attr("name"))
				case "provider":
					m.Queries.Providers = append(m.Queries.Providers, q.attr("authorities"))
				case "intent":
					m.Queries.Intents = append(m.Queries.Intents, intentSummary(q))
				}
			}
		case "application":
			buildApplication(m, c)
		}
	}
	if m.TargetSDK == 0 {
		m.TargetSDK = m.MinSDK
	}
	for p := range perms {
		m.Permissions = append(m.Permissions, p)
	}
	sort.Strings(m.Permissions)
	sort.Slice(m.DeclaredPermissions, func(i, j int) bool { return m.DeclaredPermissions[i].Name < m.DeclaredPermissions[j].Name })
	sort.Strings(m.Queries.Packages)
	sort.Strings(m.Queries.Intents)
	sort.Strings(m.Queries.Providers)
	sort.Strings(m.Libraries)
	sort.SliceStable(m.Components, func(i, j int) bool {
		if m.Components[i].Kind != m.Components[j].Kind {
			return m.Components[i].Kind < m.Components[j].Kind
		}
		return m.Components[i].Name < m.Components[j].Name
	})
	sort.SliceStable(m.MetaData, func(i, j int) bool {
		if m.MetaData[i].Owner != m.MetaData[j].Owner {
			return m.MetaData[i].Owner < m.MetaData[j].Owner
		}
		return m.MetaData[i].Name < m.MetaData[j].Name
	})
	return m
}

func protection(v string) string {
	switch strings.TrimSpace(v) {
	case "0", "0x0":
		return "normal"
	case "1", "0x1":
		return "dangerous"
	case "2", "0x2":
		return "signature"
	case "3", "0x3":
		return "signatureOrSystem"
	}
	return v
}

func intentSummary(q *node) string {
	var parts []string
	for _, k := range q.children {
		switch k.name {
		case "action", "category":
			parts = append(parts, k.attr("name"))
		case "data":
			for _, a := range []string{"scheme", "host", "mimeType"} {
				if v := k.attr(a); v != "" {
					parts = append(parts, a+"="+v)
				}
			}
		}
	}
	return strings.Join(parts, " ")
}

func buildApplication(m *Manifest, app *node) {
	a := &m.Application
	a.Label = app.attr("label")
	a.Class = className(m.Package, app.attr("name"))
	a.Debuggable, _ = parseBool(app.attr("debuggable"))
	if v, ok := parseBool(app.attr("allowBackup")); ok {
		a.AllowBackup = v
	}
	if v, ok := parseBool(app.attr("usesCleartextTraffic")); ok {
		a.UsesCleartextTraffic = &v
	}
	a.NetworkSecurityConfig = app.attr("networkSecurityConfig")
	for _, c := range app.children {
		switch c.name {
		case "uses-library":
			if n := strings.TrimSpace(c.attr("name")); n != "" {
				m.Libraries = append(m.Libraries, n)
			}
		case "meta-data":
			m.MetaData = append(m.MetaData, metaData(c, "application"))
		case "activity", "activity-alias", "service", "receiver", "provider":
			comp := Component{Kind: c.name, Name: className(m.Package, c.attr("name"))}
			if c.name == "activity-alias" {
				comp.Kind = "activity"
				comp.Target = className(m.Package, c.attr("targetActivity"))
			}
			if v, ok := parseBool(c.attr("enabled")); ok && !v {
				comp.Disabled = true
			} else if v, ok := parseBool(app.attr("enabled")); ok && !v {
				comp.Disabled = true
			}
			comp.Permission = c.attr("permission")
			hasFilter := false
			for _, k := range c.children {
				switch k.name {
				case "intent-filter":
					hasFilter = true
					for _, f := range k.children {
						switch f.name {
						case "action":
							comp.Actions = appendUnique(comp.Actions, f.attr("name"))
						case "category":
							comp.Categories = appendUnique(comp.Categories, f.attr("name"))
						case "data":
							if u := dataURI(f); u != "" {
								comp.DataURIs = appendUnique(comp.DataURIs, u)
							}
						}
					}
				case "meta-data":
					m.MetaData = append(m.MetaData, metaData(k, comp.Name))
				}
			}
			if v, ok := parseBool(c.attr("exported")); ok {
				comp.Exported = v
			} else {
				comp.Exported = hasFilter
			}
			if auth := c.attr("authorities"); auth != "" {
				for _, s := range strings.Split(auth, ";") {
					if s = strings.TrimSpace(s); s != "" {
						comp.Authorities = append(comp.Authorities, s)
					}
				}
			}
			sort.Strings(comp.Actions)
			sort.Strings(comp.Categories)
			sort.Strings(comp.DataURIs)
			m.Components = append(m.Components, comp)
		}
	}
}

func dataURI(f *node) string {
	s := f.attr("scheme")
	h := f.attr("host")
	p := f.attr("path") + f.attr("pathPrefix") + f.attr("pathPattern")
	mt := f.attr("mimeType")
	var b strings.Builder
	if s != "" {
		b.WriteString(s + "://")
	}
	b.WriteString(h)
	b.WriteString(p)
	if mt != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("mime=" + mt)
	}
	return b.String()
}

func metaData(n *node, owner string) MetaData {
	return MetaData{Name: n.attr("name"), Value: n.attr("value"), Resource: n.attr("resource"), Owner: owner}
}

func appendUnique(s []string, v string) []string {
	if v == "" {
		return s
	}
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
