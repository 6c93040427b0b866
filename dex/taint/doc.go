// Package taint is apkscan's data-flow engine over Dalvik bytecode: it
// follows data from sources (APIs and callback parameters) to sinks (API
// arguments) and explains every flow with the path of instructions that
// carries it. It is bounded (seconds per app, not FlowDroid's minutes) and
// imports only package dex: sources, sinks and propagation models are plain
// data (Config), so the scanner adapts its signature database to it. A
// sink is chosen by its pattern, or, for calls no pattern matches, by
// Config.SinkFor, a predicate on the callee (the scanner's generic
// SDK-boundary sinks: any method of a tracker SDK's classes).
//
// # Analysis
//
// Intra-procedural: a forward fixpoint over the basic blocks of a method
// with one abstract value per register (and the pseudo-registers of
// move-result and move-exception): the set of origins of the data it may
// hold (flow-sensitive: a register overwritten before the sink does not
// leak), a reconstructed string value (constant parts and «holes», through
// StringBuilder/String/Uri models), an alias class (registers holding the
// same object, so that Bundle.putString taints the bundle every alias
// sees), the exact type of objects allocated here (for virtual dispatch)
// and an int range (constants, Random.nextInt bounds, constant returns),
// which prunes branches and switch cases that cannot be taken. Branches,
// loops and switches follow the CFG; try ranges add edges from every
// instruction that may throw to the handlers; an exception thrown with data
// (throw, or escaping a callee) carries it to move-exception. Wide values
// live in the first register of the pair. Int arithmetic on constants
// folds (32-bit, as Java), so an index computed from constants is one.
//
// Arrays (arrays.go) are tracked per constant index where that is sound,
// else as whole objects. An array the method allocates keeps one entry per
// constant index while it is fresh (like a fresh object's fields: strong
// updates; at most 32 indices); a read at a constant index sees its entry,
// any other read every entry. A write at a non-constant index, a 33rd
// index, or an escape (call, store, return, throw, a join with a path
// where it escaped) turns it into one object holding all its entries. An
// array read from a field F has field-based element pseudo-fields F[i]
// (constant indices below 32) and F[*]: a constant-index write goes to
// F[i] and F[*], any other write to F; a constant-index read yields F and
// F[i], a use of the array itself (another index, passing it on) F and
// F[*]. Inner arrays of multidimensional arrays taint the outer one. The
// length of an array allocated with a constant size is known: new-array
// of a constant size, and aget or a primitive aput at a constant index
// below the length, throw nothing, so they add no edge to a catch handler
// (aput-object may still throw ArrayStoreException; as everywhere, the
// virtual machine's asynchronous errors are not modelled).
//
// Objects the method allocates itself (app classes, and maps with constant
// keys) are tracked field by field while they are "fresh" — before they
// escape (passed to a call other than their constructor, stored, returned,
// thrown): fields get strong updates and reads see only what this method
// stored. When such an object escapes its contents are published to the
// field-based view below.
//
// Inter-procedural: each method is summarised once, independently of its
// callers, in terms of origins: parameters (param→return, param→argument
// object, param→field, param→sink, param→thrown), fields and sources.
// Summaries are computed on demand and memoised; a call site maps the
// callee's parameter origins to the caller's arguments and splices the
// paths. Calls resolve to app code by the declared class hierarchy
// (invoke-static/direct/super), by the exact type of the receiver when it
// is known, else to the method found from the static type plus its
// overriders in the app (at most Budget.MaxTargets). Framework methods that
// call back into app code (Thread.start, Executor.execute, Handler.post,
// AsyncTask.execute…) are Invokers.
//
// Fields are field-based, not object-sensitive: data stored in a field by
// any method reaches every read of that field (one origin per field
// reference, the declaring class resolved). This is how data crosses
// lifecycle callbacks, threads, inner classes (captured values go through
// constructor → val$x/this$0 fields) and lambdas (-$$Lambda$ classes and
// their f$0 fields). The price is false positives on DroidBench's
// object-sensitivity tests. A field of a framework object also carries the
// object's taint.
//
// Keyed stores (stores.go) are pseudo-fields named by a constant key, so
// data crosses callbacks and components the way it does through fields:
// SharedPreferences.Editor.put*(key, v) … SharedPreferences.get*(key) (a
// different key does not carry it); DataStore MutablePreferences.set(key,
// v) … Preferences.get(key) (the key's constant name, or the field holding
// it); putExtra(key, v) on an explicit Intent (new Intent(ctx, T.class),
// setClass, setClassName, setComponent, X.class.getName()) …
// Intent.get*Extra(key) or getExtras().get*(key) in T or a class nested in
// T (getIntent(), onStartCommand, onReceive). Intents whose target is set
// later and Bundles keep their keyed contents per object in the method
// (containers.go) until they are delivered: started, bound or broadcast
// (to the target known by then; an implicit intent with a constant action
// to the components whose manifest intent filters declare it,
// Config.ImplicitTargets; with an unknown action not at all), given to
// Activity.setResult (the Intent parameter of onActivityResult), put into
// an Intent (putExtras, or nested: putExtra(k, bundle) …
// getBundleExtra(k).get*(key)) or into a Message (setData … getData in
// the app's handlers). The action is data the Intent carries: setAction
// with a tainted value taints the Intent, and getAction returns the
// Intent's taint. Message.obtain/obtainMessage store what, arg1, arg2
// and obj in the Message fields, which are field-based (Messenger.send,
// Handler.sendMessage need no model: any handleMessage reading msg.arg1
// sees them). Bundle.put*(key, v) on onSaveInstanceState's Bundle reaches
// get*(key) on the Bundle of onCreate, onRestoreInstanceState and the
// other restore callbacks of the same class. A read with a key that is not
// a constant (a loop over keySet()) reads every entry of the intent,
// result, saved-state or message store. A flow whose sink (startActivity,
// setResult, Editor.putString) only hands the data to such a store is
// reported once, at the reader's sink, when the engine follows it there
// from the method holding the sink. Kotlin lambdas
// called through kotlin/jvm/functions/FunctionN.invoke on a receiver of
// unknown type (a lambda kept in a field) resolve to the FunctionN
// implementations nested in the caller's top-level class (Kt$f$1,
// $$ExternalSyntheticLambda, -$$Lambda$), an imprecise dispatch
// (lambdas.go). A container returned or stored before it is delivered is
// followed as a whole object, not key by key.
//
// Sanitisers: there are none by design for hashing — a hash of an
// identifier is still an identifier (String.hashCode, Objects.hash,
// MessageDigest and Mac update/digest/doFinal keep the taint; Base64 and hex
// encoders are static conversions, D2). A length is not user data:
// String/StringBuilder.length(), isEmpty(), equals(), compareTo() and the
// other predicates are no-ops, and so is indexOf (a position, not content).
//
// Library code (the framework, and app classes the caller declares Opaque,
// such as SDKs) is not analysed: calls use the propagation models
// (DefaultPropagators), else default rules — a getter on a tainted object
// returns tainted data (D1), a static method with a tainted argument
// returns tainted data (D2), a library object built from tainted data is
// tainted (D5), an SDK object given tainted data is tainted and so is what
// it returns (D3, fluent builders). Paths through default rules, field
// hops or imprecise dispatch are marked Heuristic.
//
// Component reachability is the scanner's, not the engine's: of the
// manifest the engine sees only the intent-filter actions
// (Config.ImplicitTargets), and the scanner drops the flows with a step
// in an instance method of an Activity, Service, BroadcastReceiver or
// ContentProvider class that Android never instantiates (not declared or
// disabled in every split's manifest, not constructed by code that runs;
// detect/flows/reach.go), so undeclared components' callbacks are no entry
// points and intents to them deliver nothing.
//
// # Demand-driven
//
// The analysis starts from the methods that call a source (found in the
// index's call sites) or implement a source callback (found with the
// class hierarchy: the app class extends or implements the framework
// type), skipping private methods nothing calls. When a summary shows data
// leaving a method (return value, argument object, thrown exception) its
// callers are analysed; when a field receives data its readers are (found
// by scanning the field's class, package or — for public fields — the whole
// app once). Only those methods and the callees they need are decoded.
//
// # Bounds
//
// Budget bounds the instructions transferred, the methods summarised, the
// depth of nested on-demand summaries (deeper calls use the default rules),
// the overriders per virtual call, the size of a method, the origins per
// register, the path length and the number of flows; the context bounds
// the time. A method that cannot be decoded or is too large is skipped and
// listed in Result.Problems; an exhausted budget stops the analysis with
// Result.Partial set. Analyze recovers from panics (Partial, with the
// reason) so that one malformed app cannot stop a bulk scan.
package taint
