package flows

import (
	"strings"

	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/dex/taint"
)

// Manifest reachability of components.
//
// Android creates an instance of an Activity, Service, BroadcastReceiver
// or ContentProvider subclass only for a component the manifest declares
// and that is enabled. An instance method of a component class that no
// such declaration can instantiate, and that the app's own code never
// constructs, therefore never runs: its lifecycle callbacks are not entry
// points, and an intent aimed at it is never delivered. A flow with a step
// in such a method is dropped. The rule, per class C of one of those four
// kinds:
//
//   - C is live when C or an app subclass of it is declared in the
//     manifest of any split (library components arrive through the merged
//     manifest; tools:node="remove" leaves nothing in the APK), enabled, or
//     is the targetActivity of an enabled activity-alias;
//   - a disabled component counts as enabled when the app's code calls
//     PackageManager.setComponentEnabledSetting(s) anywhere (it may enable
//     it at run time: WorkManager's receivers, launcher-icon aliases);
//   - C is live when code that can run constructs C or a subclass (new C()
//     outside those classes' own constructors, in a method that is not an
//     instance method of a dead component: a least fixpoint): a receiver
//     registered with registerReceiver, an object whose methods the app
//     calls itself;
//   - static methods (and code of other classes: fragments, listeners,
//     helpers) are never affected.
//
// When no manifest declares any component (a missing or broken manifest)
// nothing is dropped. Instantiation through reflection is not seen.

// componentKinds maps framework classes to the component kind whose base
// they are (framework subclasses of the four bases that apps extend).
var componentKinds = map[string]string{
	"Landroid/app/Activity;":                                     "activity",
	"Landroid/app/ListActivity;":                                 "activity",
	"Landroid/app/ExpandableListActivity;":                       "activity",
	"Landroid/app/TabActivity;":                                  "activity",
	"Landroid/app/ActivityGroup;":                                "activity",
	"Landroid/app/AliasActivity;":                                "activity",
	"Landroid/app/LauncherActivity;":                             "activity",
	"Landroid/app/NativeActivity;":                               "activity",
	"Landroid/preference/PreferenceActivity;":                    "activity",
	"Landroid/accounts/AccountAuthenticatorActivity;":            "activity",
	"Landroid/app/Service;":                                      "service",
	"Landroid/app/IntentService;":                                "service",
	"Landroid/app/job/JobService;":                               "service",
	"Landroid/accessibilityservice/AccessibilityService;":        "service",
	"Landroid/service/notification/NotificationListenerService;": "service",
	"Landroid/inputmethodservice/InputMethodService;":            "service",
	"Landroid/service/wallpaper/WallpaperService;":               "service",
	"Landroid/service/quicksettings/TileService;":                "service",
	"Landroid/content/BroadcastReceiver;":                        "receiver",
	"Landroid/appwidget/AppWidgetProvider;":                      "receiver",
	"Landroid/app/admin/DeviceAdminReceiver;":                    "receiver",
	"Landroid/content/ContentProvider;":                          "provider",
	"Landroid/content/SearchRecentSuggestionsProvider;":          "provider",
	"Landroid/provider/DocumentsProvider;":                       "provider",
}

// reach answers, for the classes on flow paths, whether their instance
// methods can run.
type reach struct {
	p        *pass
	declared map[string]bool   // class descriptor → declared (and enabled, or enabling possible)
	kinds    map[string]string // class descriptor → component kind ("" none)
	memo     map[string]bool   // class descriptor → dead
	// inst: component classes that can be instantiated (declared, or
	// constructed by code that can run); computed on first need
	inst    map[string]bool
	statics map[string]bool // "Lc;->name(proto)" of static methods of component classes read
	scanned map[string]bool // component classes whose methods were read
}

// newReach returns nil when no manifest declares a component.
func (p *pass) newReach() *reach {
	r := &reach{p: p, declared: map[string]bool{}, kinds: map[string]string{}, memo: map[string]bool{}, statics: map[string]bool{}, scanned: map[string]bool{}}
	some := false
	var disabled []string
	for _, s := range p.App.Splits {
		if s.Manifest == nil {
			continue
		}
		for _, c := range s.Manifest.Components {
			some = true
			if c.Disabled {
				disabled = append(disabled, c.Name, c.Target)
				continue
			}
			r.declared[dex.Descriptor(c.Name)] = true
			if c.Target != "" {
				r.declared[dex.Descriptor(c.Target)] = true
			}
		}
	}
	if !some {
		return nil
	}
	if len(disabled) > 0 && p.enablesComponents() {
		for _, n := range disabled {
			if n != "" {
				r.declared[dex.Descriptor(n)] = true
			}
		}
	}
	return r
}

// enablesComponents reports whether the app's code may enable a
// component at run time.
func (p *pass) enablesComponents() bool {
	for c := range p.Index.Calls {
		if strings.HasPrefix(c.Callee.Name, "setComponentEnabledSetting") {
			return true
		}
	}
	return false
}

// kind returns the component kind of an app class ("" when it is not a
// component subclass).
func (r *reach) kind(desc string) string {
	if k, ok := r.kinds[desc]; ok {
		return k
	}
	k := ""
	if _, app := r.p.Index.Class(desc); app {
	chain:
		for _, s := range append([]string{desc}, r.p.Index.Superclasses(desc)...) {
			if k = componentKinds[s]; k != "" {
				break
			}
			for _, sup := range taint.FrameworkSupertypes[s] {
				if k = componentKinds[sup]; k != "" {
					break chain
				}
			}
		}
	}
	r.kinds[desc] = k
	return k
}

// deadClass reports whether no instance of the component class desc can
// exist.
func (r *reach) deadClass(desc string) bool {
	if v, ok := r.memo[desc]; ok {
		return v
	}
	dead := false
	if r.kind(desc) != "" && !r.familyIn(desc, r.declared) {
		r.instantiate() // only when a component on a path is not declared
		dead = !r.familyIn(desc, r.inst)
	}
	r.memo[desc] = dead
	return dead
}

// familyIn reports whether desc or an app subclass of it (bounded) is in
// set.
func (r *reach) familyIn(desc string, set map[string]bool) bool {
	out := []string{desc}
	seen := map[string]bool{desc: true}
	for i := 0; i < len(out) && len(out) < 1000; i++ {
		if set[out[i]] {
			return true
		}
		for _, s := range r.p.Index.Subclasses(out[i]) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return false
}

// instantiate computes, once, the component classes that can have
// instances: the declared ones, and those whose constructor is called
// (other than as super() or this() from a constructor of the class or a
// subclass) by code that can run — a method of a class that is not a
// component, a static method, or an instance method of a component class
// that can be instantiated (a least fixpoint: code only dead components
// reach does not count).
func (r *reach) instantiate() {
	if r.inst != nil {
		return
	}
	r.inst = map[string]bool{}
	for d := range r.declared {
		r.inst[d] = true
	}
	type edge struct {
		callee string
		caller dex.MethodRef
	}
	var edges []edge
	seen := map[edge]bool{}
	for c := range r.p.Index.Calls {
		if c.Callee.Name != "<init>" || r.kind(c.Callee.Class) == "" {
			continue
		}
		if c.Caller.Name == "<init>" && r.inherits(c.Caller.Class, c.Callee.Class) {
			continue
		}
		e := edge{c.Callee.Class, c.Caller}
		if !seen[e] {
			seen[e] = true
			edges = append(edges, e)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if !r.inst[e.callee] && r.canRun(e.caller) {
				r.inst[e.callee] = true
				changed = true
			}
		}
	}
}

// canRun reports whether a calling method can run, given the current
// instantiable set.
func (r *reach) canRun(m dex.MethodRef) bool {
	if r.kind(m.Class) == "" || r.familyIn(m.Class, r.inst) {
		return true
	}
	r.readStatics(m.Class)
	return r.statics[methodKey(m.String())]
}

// inherits reports whether class is super or one of its subclasses.
func (r *reach) inherits(class, super string) bool {
	if class == super {
		return true
	}
	for _, s := range r.p.Index.Superclasses(class) {
		if s == super {
			return true
		}
	}
	return false
}

// deadMethod reports whether the method of a path step (class, smali
// reference) can never run.
func (r *reach) deadMethod(class, method string) bool {
	if !r.deadClass(class) {
		return false
	}
	r.readStatics(class)
	return !r.statics[methodKey(method)]
}

// methodKey drops the return type: "Lc;->m(I)V" → "Lc;->m(I)".
func methodKey(smali string) string {
	if i := strings.LastIndexByte(smali, ')'); i >= 0 {
		return smali[:i+1]
	}
	return smali
}

// readStatics records the static methods of class (one DEX class
// definition: the first, as Android's class loader picks).
func (r *reach) readStatics(class string) {
	if r.scanned[class] {
		return
	}
	r.scanned[class] = true
	info, ok := r.p.Index.Class(class)
	if !ok {
		return
	}
	for _, f := range r.p.Code {
		if f == nil || f.Name != info.File {
			continue
		}
		for i := 0; i < f.NumClasses(); i++ {
			d, err := f.ClassDescriptor(i)
			if err != nil || d != class {
				continue
			}
			c, err := f.Class(i)
			if err != nil {
				return
			}
			for _, ms := range [2][]dex.Method{c.DirectMethods, c.VirtualMethods} {
				for _, m := range ms {
					if m.AccessFlags&dex.AccStatic != 0 {
						r.statics[methodKey(m.Ref.String())] = true
					}
				}
			}
			return
		}
	}
}

// launchable drops the flows with a step in a method that can never run
// (see the rule above).
func (p *pass) launchable(in []taint.Flow) []taint.Flow {
	r := p.newReach()
	if r == nil {
		return in
	}
	out := in[:0:0]
next:
	for _, f := range in {
		last := ""
		for _, s := range f.Path {
			if s.Method == last {
				continue
			}
			last = s.Method
			if r.deadMethod(s.Class, s.Method) {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}
