package taint

import (
	"strconv"
	"strings"
)

// The propagation models: how taint crosses library methods the engine
// does not analyse. Each row is a method pattern (see Pattern) and a list
// of moves "from>to" over argument indexes (0 = receiver of an instance
// method, 'r' = return value, '*' = every argument). Methods without a
// model fall back to the default rules (see DefaultRules in doc.go).
type modelRow struct {
	pat   string
	moves string
	key   int
	alias bool
	str   StrOp
	noop  bool
	wrap  bool
}

const (
	sb     = "Ljava/lang/StringBuilder;|Ljava/lang/StringBuffer;|Ljava/lang/AbstractStringBuilder;"
	str    = "Ljava/lang/String;"
	bundle = "Landroid/os/Bundle;|Landroid/os/BaseBundle;|Landroid/os/PersistableBundle;"
	intent = "Landroid/content/Intent;"
	maps   = "Ljava/util/Map;|Ljava/util/HashMap;|Ljava/util/LinkedHashMap;|Ljava/util/TreeMap;|Ljava/util/Hashtable;|Ljava/util/AbstractMap;|Ljava/util/SortedMap;|Ljava/util/concurrent/ConcurrentHashMap;|Ljava/util/concurrent/ConcurrentMap;|Landroid/util/ArrayMap;|Landroidx/collection/ArrayMap;|Landroidx/collection/SimpleArrayMap;|Landroid/content/ContentValues;"
	colls  = "Ljava/util/Collection;|Ljava/util/List;|Ljava/util/ArrayList;|Ljava/util/LinkedList;|Ljava/util/Set;|Ljava/util/HashSet;|Ljava/util/LinkedHashSet;|Ljava/util/TreeSet;|Ljava/util/SortedSet;|Ljava/util/Queue;|Ljava/util/Deque;|Ljava/util/ArrayDeque;|Ljava/util/Vector;|Ljava/util/Stack;|Ljava/util/AbstractList;|Ljava/util/AbstractCollection;|Ljava/util/concurrent/CopyOnWriteArrayList;|Ljava/util/concurrent/BlockingQueue;|Ljava/util/concurrent/LinkedBlockingQueue;"
	uri    = "Landroid/net/Uri;"
	ub     = "Landroid/net/Uri$Builder;"
	json   = "Lorg/json/JSONObject;"
	jarr   = "Lorg/json/JSONArray;"
	hit    = "Lcom/google/android/gms/analytics/HitBuilders$*"
	parcel = "Landroid/os/Parcel;"
	edit   = "Landroid/content/SharedPreferences$Editor;"
	prefs  = "Landroid/content/SharedPreferences;"
)

var modelRows = []modelRow{
	// StringBuilder / StringBuffer: string templates (Java and Kotlin) compile to these.
	{pat: sb + "-><init>()", str: StrEmpty},
	{pat: sb + "-><init>(I)", str: StrEmpty},
	{pat: sb + "-><init>(Ljava/lang/String;)", moves: "1>0", str: StrInit},
	{pat: sb + "-><init>(Ljava/lang/CharSequence;)", moves: "1>0", str: StrInit},
	{pat: sb + "->append(*)", moves: "1>0 0>r", alias: true, str: StrAppend},
	{pat: sb + "->insert(*)", moves: "2>0 0>r", alias: true},
	{pat: sb + "->replace(*)", moves: "3>0 0>r", alias: true},
	{pat: sb + "->reverse()", moves: "0>r", alias: true},
	{pat: sb + "->delete*(*)", moves: "0>r", alias: true},
	{pat: sb + "->setLength(I)", noop: true},
	{pat: sb + "->length()", noop: true},
	{pat: sb + "->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: sb + "->substring(*)", moves: "0>r"},
	{pat: sb + "->subSequence(*)", moves: "0>r"},
	{pat: sb + "->charAt(I)", moves: "0>r"},
	{pat: sb + "->getChars(II[CI)", moves: "0>3"},
	{pat: sb + "->indexOf(*)", noop: true},

	// String.
	{pat: str + "-><init>(*)", moves: "1>0", str: StrInit},
	{pat: str + "->concat(Ljava/lang/String;)", moves: "0>r 1>r", str: StrConcat},
	{pat: str + "->valueOf(*)", moves: "0>r", str: StrCopyArg0},
	{pat: str + "->copyValueOf(*)", moves: "0>r"},
	{pat: str + "->format(*)", moves: "*>r"},
	{pat: str + "->join(*)", moves: "*>r"},
	{pat: str + "->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: str + "->intern()", moves: "0>r", str: StrCopyRecv},
	{pat: str + "->trim()", moves: "0>r"},
	{pat: str + "->strip*()", moves: "0>r"},
	{pat: str + "->toLowerCase(*)", moves: "0>r"},
	{pat: str + "->toUpperCase(*)", moves: "0>r"},
	{pat: str + "->replace*(*)", moves: "0>r 2>r"},
	{pat: str + "->substring(*)", moves: "0>r", str: StrSubstring},
	{pat: str + "->subSequence(*)", moves: "0>r"},
	{pat: str + "->split(*)", moves: "0>r"},
	{pat: str + "->toCharArray()", moves: "0>r"},
	{pat: str + "->getBytes(*)", moves: "0>r"},
	{pat: str + "->charAt(I)", moves: "0>r"},
	{pat: str + "->getChars(II[CI)", moves: "0>3"},
	{pat: str + "->codePointAt(I)", moves: "0>r"},
	{pat: str + "->equals*(*)", noop: true},
	{pat: str + "->compareTo*(*)", noop: true},
	{pat: str + "->contentEquals(*)", noop: true},
	{pat: str + "->length()", noop: true},
	{pat: str + "->isEmpty()", noop: true},
	{pat: str + "->isBlank()", noop: true},
	{pat: str + "->contains(*)", noop: true},
	{pat: str + "->startsWith(*)", noop: true},
	{pat: str + "->endsWith(*)", noop: true},
	{pat: str + "->indexOf(*)", noop: true},
	{pat: str + "->lastIndexOf(*)", noop: true},
	{pat: str + "->matches(*)", noop: true},
	{pat: str + "->hashCode()", moves: "0>r"}, // a hash of an identifier is still an identifier (doc.go)
	{pat: "Ljava/lang/CharSequence;|Landroid/text/Editable;|Landroid/text/SpannableStringBuilder;|Landroid/text/Spanned;|Landroid/text/SpannableString;->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: "Ljava/lang/Object;->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: "Ljava/lang/Object;->equals(Ljava/lang/Object;)", noop: true},
	{pat: "Ljava/lang/Object;->hashCode()", noop: true},
	{pat: "Ljava/lang/Object;->getClass()", noop: true},
	{pat: "Ljava/lang/Class;->*(*)", noop: true},
	{pat: "Ljava/lang/Object;-><init>()", noop: true},
	{pat: "Ljava/util/Objects;->requireNonNull(*)", moves: "0>r", str: StrCopyArg0},
	{pat: "Ljava/util/Objects;->equals(*)", noop: true},
	{pat: "Ljava/util/Objects;->hash(*)", moves: "*>r"},
	{pat: "Ljava/util/Objects;->hashCode(*)", moves: "0>r"},

	// Kotlin: null checks are no-ops; string templates are StringBuilder
	// chains or Intrinsics.stringPlus.
	{pat: "Lkotlin/jvm/internal/Intrinsics;->check*(*)", noop: true},
	{pat: "Lkotlin/jvm/internal/Intrinsics;->throw*(*)", noop: true},
	{pat: "Lkotlin/jvm/internal/Intrinsics;->areEqual(*)", noop: true},
	{pat: "Lkotlin/jvm/internal/Intrinsics;->stringPlus(*)", moves: "0>r 1>r", str: StrConcatArgs},

	// Uri and Uri.Builder.
	{pat: uri + "->parse(Ljava/lang/String;)", moves: "0>r", str: StrCopyArg0},
	{pat: uri + "->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: uri + "->buildUpon()", moves: "0>r", str: StrCopyRecv},
	{pat: uri + "->get*(*)", moves: "0>r"},
	{pat: uri + "->withAppendedPath(*)", moves: "0>r 1>r"},
	{pat: uri + "->fromParts(*)", moves: "*>r"},
	{pat: uri + "->fromFile(*)", moves: "0>r"},
	{pat: uri + "->encode(*)", moves: "0>r", str: StrCopyArg0},
	{pat: uri + "->decode(*)", moves: "0>r", str: StrCopyArg0},
	{pat: ub + "-><init>()", str: StrEmpty},
	{pat: ub + "->appendQueryParameter(Ljava/lang/String;Ljava/lang/String;)", moves: "1>0 2>0 0>r", key: 1, alias: true, str: StrAppendQuery},
	{pat: ub + "->appendPath(Ljava/lang/String;)", moves: "1>0 0>r", alias: true, str: StrAppendPath},
	{pat: ub + "->appendEncodedPath(Ljava/lang/String;)", moves: "1>0 0>r", alias: true, str: StrAppendPath},
	{pat: ub + "->*(*)", moves: "1>0 0>r", alias: true},
	{pat: ub + "->build()", moves: "0>r", str: StrCopyRecv},
	{pat: ub + "->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: "Ljava/net/URLEncoder;->encode(*)", moves: "0>r", str: StrCopyArg0},
	{pat: "Ljava/net/URLDecoder;->decode(*)", moves: "0>r", str: StrCopyArg0},
	{pat: "Ljava/net/URL;-><init>(Ljava/lang/String;)", moves: "1>0", str: StrInit},
	{pat: "Ljava/net/URL;->toString()", moves: "0>r", str: StrCopyRecv},
	{pat: "Ljava/net/URL;->toExternalForm()", moves: "0>r", str: StrCopyRecv},
	{pat: "Ljava/net/URI;-><init>(Ljava/lang/String;)", moves: "1>0", str: StrInit},
	{pat: "Ljava/net/URI;->create(Ljava/lang/String;)", moves: "0>r", str: StrCopyArg0},

	// Bundle, Intent, Parcel, SharedPreferences: keyed containers.
	{pat: bundle + "->put*(Ljava/lang/String;*)", moves: "2>0", key: 1},
	{pat: bundle + "->putAll(*)", moves: "1>0"},
	{pat: bundle + "->get*(*)", moves: "0>r"},
	{pat: bundle + "->keySet()", noop: true},
	{pat: bundle + "->containsKey(*)", noop: true},
	{pat: bundle + "-><init>(*)", moves: "1>0"},
	{pat: intent + "->putExtra(*)", moves: "2>0 0>r", key: 1, alias: true},
	{pat: intent + "->putExtras(*)", moves: "1>0 0>r", alias: true},
	{pat: intent + "->put*ArrayListExtra(*)", moves: "2>0 0>r", key: 1, alias: true},
	{pat: intent + "->setData*(*)", moves: "1>0 0>r", alias: true},
	{pat: intent + "->get*Extra(*)", moves: "0>r"},
	{pat: intent + "->getExtras()", moves: "0>r"},
	{pat: intent + "->getData()", moves: "0>r"},
	{pat: intent + "->getDataString()", moves: "0>r"},
	{pat: intent + "->getAction()", moves: "0>r"},
	{pat: intent + "->setAction(*)", moves: "1>0 0>r", alias: true},
	{pat: intent + "->setClass*(*)", moves: "0>r", alias: true},
	{pat: intent + "->setComponent(*)", moves: "0>r", alias: true},
	{pat: intent + "->addFlags(*)", moves: "0>r", alias: true},
	{pat: intent + "->setFlags(*)", moves: "0>r", alias: true},
	{pat: intent + "->addCategory(*)", moves: "0>r", alias: true},
	{pat: intent + "->setType(*)", moves: "0>r", alias: true},
	{pat: intent + "->setPackage(*)", moves: "0>r", alias: true},
	{pat: intent + "-><init>(Landroid/content/Intent;)", moves: "1>0"},
	{pat: intent + "-><init>(Ljava/lang/String;Landroid/net/Uri;*)", moves: "2>0"},
	{pat: intent + "-><init>(*)", noop: true},
	{pat: parcel + "->write*(*)", moves: "1>0"},
	{pat: parcel + "->read*(*)", moves: "0>r"},
	{pat: parcel + "->marshall()", moves: "0>r"},
	{pat: edit + "->put*(Ljava/lang/String;*)", moves: "2>0 0>r", key: 1, alias: true},
	{pat: prefs + "->get*(*)", noop: true},

	// Maps and collections: whole-object taint.
	{pat: maps + "->put(Ljava/lang/Object;Ljava/lang/Object;)", moves: "1>0 2>0", key: 1},
	{pat: maps + "->put(Ljava/lang/String;*)", moves: "2>0", key: 1},
	{pat: maps + "->putIfAbsent(*)", moves: "1>0 2>0", key: 1},
	{pat: maps + "->putAll(*)", moves: "1>0"},
	{pat: maps + "->get(*)", moves: "0>r"},
	{pat: maps + "->getOrDefault(*)", moves: "0>r 2>r"},
	{pat: maps + "->getAs*(*)", moves: "0>r"},
	{pat: maps + "->remove(*)", moves: "0>r"},
	{pat: maps + "->values()", moves: "0>r"},
	{pat: maps + "->keySet()", moves: "0>r"},
	{pat: maps + "->entrySet()", moves: "0>r"},
	{pat: maps + "->size()", noop: true},
	{pat: maps + "->isEmpty()", noop: true},
	{pat: maps + "->containsKey(*)", noop: true},
	{pat: maps + "-><init>(*)", moves: "1>0"},
	{pat: "Ljava/util/Map$Entry;->get*()", moves: "0>r"},
	{pat: colls + "->add(Ljava/lang/Object;)", moves: "1>0"},
	{pat: colls + "->add(ILjava/lang/Object;)", moves: "2>0"},
	{pat: colls + "->addAll(*)", moves: "*>0"},
	{pat: colls + "->set(ILjava/lang/Object;)", moves: "2>0 0>r"},
	{pat: colls + "->push(*)", moves: "1>0"},
	{pat: colls + "->offer*(*)", moves: "1>0"},
	{pat: colls + "->put(*)", moves: "1>0"},
	{pat: colls + "->addFirst(*)", moves: "1>0"},
	{pat: colls + "->addLast(*)", moves: "1>0"},
	{pat: colls + "->addElement(*)", moves: "1>0"},
	{pat: colls + "->get(*)", moves: "0>r"},
	{pat: colls + "->elementAt(*)", moves: "0>r"},
	{pat: colls + "->*First()", moves: "0>r"},
	{pat: colls + "->*Last()", moves: "0>r"},
	{pat: colls + "->peek*()", moves: "0>r"},
	{pat: colls + "->poll*(*)", moves: "0>r"},
	{pat: colls + "->pop()", moves: "0>r"},
	{pat: colls + "->take()", moves: "0>r"},
	{pat: colls + "->element()", moves: "0>r"},
	{pat: colls + "->remove(I)", moves: "0>r"},
	{pat: colls + "->iterator()", moves: "0>r"},
	{pat: colls + "->listIterator(*)", moves: "0>r"},
	{pat: colls + "->toArray(*)", moves: "0>r"},
	{pat: colls + "->subList(*)", moves: "0>r"},
	{pat: colls + "->stream()", moves: "0>r"},
	{pat: colls + "->clone()", moves: "0>r"},
	{pat: colls + "->size()", noop: true},
	{pat: colls + "->isEmpty()", noop: true},
	{pat: colls + "->contains(*)", noop: true},
	{pat: colls + "->indexOf(*)", noop: true},
	{pat: colls + "->clear()", noop: true},
	{pat: colls + "-><init>(*)", moves: "1>0"},
	{pat: "Ljava/util/Iterator;|Ljava/util/ListIterator;|Ljava/util/Enumeration;->next*()", moves: "0>r"},
	{pat: "Ljava/util/Iterator;|Ljava/util/ListIterator;|Ljava/util/Enumeration;->has*()", noop: true},
	{pat: "Ljava/util/Arrays;->asList(*)", moves: "0>r"},
	{pat: "Ljava/util/Arrays;->toString(*)", moves: "0>r"},
	{pat: "Ljava/util/Arrays;->copyOf*(*)", moves: "0>r"},
	{pat: "Ljava/util/Arrays;->fill(*)", moves: "*>0"},
	{pat: "Ljava/util/Collections;->*(*)", moves: "0>r"},
	{pat: "Ljava/lang/System;->arraycopy(*)", moves: "0>2"},
	{pat: "Ljava/lang/System;->currentTimeMillis()", noop: true},
	{pat: "Ljava/lang/System;->nanoTime()", noop: true},

	// JSON.
	{pat: json + "->put*(Ljava/lang/String;*)", moves: "2>0 0>r", key: 1, alias: true},
	{pat: json + "->accumulate(*)", moves: "2>0 0>r", key: 1, alias: true},
	{pat: json + "->get*(*)", moves: "0>r"},
	{pat: json + "->opt*(*)", moves: "0>r"},
	{pat: json + "->toString(*)", moves: "0>r", str: StrCopyRecv},
	{pat: json + "-><init>(*)", moves: "1>0"},
	{pat: json + "->has(*)", noop: true},
	{pat: json + "->length()", noop: true},
	{pat: jarr + "->put(*)", moves: "*>0 0>r", alias: true},
	{pat: jarr + "->get*(*)", moves: "0>r"},
	{pat: jarr + "->opt*(*)", moves: "0>r"},
	{pat: jarr + "->toString(*)", moves: "0>r"},
	{pat: jarr + "-><init>(*)", moves: "1>0"},

	// Google Analytics hit builders: set*(…) stores into the builder, build() returns it as a Map.
	{pat: hit + "->set*(*)", moves: "*>0 0>r", alias: true},
	{pat: hit + "->build()", moves: "0>r"},

	// Regular expressions.
	{pat: "Ljava/util/regex/Pattern;->matcher(*)", moves: "1>r"},
	{pat: "Ljava/util/regex/Pattern;->split(*)", moves: "1>r"},
	{pat: "Ljava/util/regex/Matcher;->group(*)", moves: "0>r"},
	{pat: "Ljava/util/regex/Matcher;->replace*(*)", moves: "0>r 1>r"},
	{pat: "Ljava/util/regex/Matcher;->matches()", noop: true},
	{pat: "Ljava/util/regex/Matcher;->find(*)", noop: true},

	// Wrappers: the new object and the wrapped one are the same data.
	{pat: "Ljava/util/Formatter;-><init>(Ljava/lang/Appendable;*)", wrap: true},
	{pat: "Ljava/util/Formatter;->format(*)", moves: "*>0 0>r", alias: true},
	{pat: "Ljava/util/Formatter;->toString()", moves: "0>r"},
	{pat: "Ljava/io/OutputStreamWriter;|Ljava/io/BufferedWriter;|Ljava/io/PrintWriter;|Ljava/io/PrintStream;|Ljava/io/BufferedOutputStream;|Ljava/io/DataOutputStream;|Ljava/io/ObjectOutputStream;|Ljava/io/FilterOutputStream;|Ljava/util/zip/GZIPOutputStream;-><init>(*)", wrap: true},
	{pat: "Ljava/io/InputStreamReader;|Ljava/io/BufferedReader;|Ljava/io/BufferedInputStream;|Ljava/io/DataInputStream;|Ljava/io/ObjectInputStream;-><init>(*)", wrap: true},
	{pat: "Ljava/io/Writer;|Ljava/io/OutputStream;|Ljava/io/ByteArrayOutputStream;|Ljava/io/StringWriter;->write(*)", moves: "1>0"},
	{pat: "Ljava/io/Writer;|Ljava/io/StringWriter;|Ljava/io/PrintWriter;->append(*)", moves: "1>0 0>r", alias: true},
	{pat: "Ljava/io/PrintWriter;|Ljava/io/PrintStream;->print*(*)", moves: "1>0"},
	{pat: "Ljava/io/ObjectOutputStream;|Ljava/io/DataOutputStream;->write*(*)", moves: "1>0"},
	{pat: "Ljava/io/ByteArrayOutputStream;|Ljava/io/StringWriter;->to*()", moves: "0>r"},
	{pat: "Ljava/io/InputStream;|Ljava/io/Reader;|Ljava/io/BufferedReader;|Ljava/io/ObjectInputStream;|Ljava/io/DataInputStream;->read*(*)", moves: "0>r 0>1"},
	{pat: "Ljava/io/Closeable;|Ljava/io/Writer;|Ljava/io/OutputStream;|Ljava/io/InputStream;|Ljava/io/Reader;->close()", noop: true},
	{pat: "Ljava/io/Flushable;|Ljava/io/Writer;|Ljava/io/OutputStream;->flush()", noop: true},

	// Digests and MACs: the hash of an identifier identifies as well.
	{pat: "Ljava/security/MessageDigest;|Ljavax/crypto/Mac;->update(*)", moves: "1>0"},
	{pat: "Ljava/security/MessageDigest;|Ljavax/crypto/Mac;->digest(*)", moves: "0>r 1>r"},
	{pat: "Ljava/security/MessageDigest;|Ljavax/crypto/Mac;->doFinal(*)", moves: "0>r 1>r"},
	{pat: "Ljava/security/MessageDigest;|Ljavax/crypto/Mac;->getInstance(*)", noop: true},
	{pat: "Ljava/security/MessageDigest;|Ljavax/crypto/Mac;->reset()", noop: true},

	// Location getters.
	{pat: "Landroid/location/Location;->get*()", moves: "0>r"},
	{pat: "Landroid/location/Location;->has*()", noop: true},

	// Threads and handlers do not move data by themselves (see Invokers).
	{pat: "Ljava/lang/Thread;->sleep(*)", noop: true},
	{pat: "Landroid/util/Log;->isLoggable(*)", noop: true},
	{pat: "Landroid/text/TextUtils;->isEmpty(*)", noop: true},
	{pat: "Landroid/text/TextUtils;->equals(*)", noop: true},
	{pat: "Ljava/lang/Math;->*(*)", moves: "*>r"},
}

// DefaultPropagators returns the built-in propagation models (a fresh
// slice; callers may append their own).
func DefaultPropagators() []Propagator {
	out := make([]Propagator, 0, len(modelRows))
	for _, r := range modelRows {
		p := Propagator{Pattern: MustPattern(r.pat), Key: NoKey, Alias: r.alias, Str: r.str, NoOp: r.noop, Wrap: r.wrap}
		if r.key > 0 {
			p.Key = r.key
		}
		p.Moves = parseMoves(r.moves)
		out = append(out, p)
	}
	return out
}

func parseMoves(s string) [][2]int {
	var out [][2]int
	idx := func(x string) int {
		switch x {
		case "r":
			return Ret
		case "*":
			return AllArgs
		}
		n, err := strconv.Atoi(x)
		if err != nil {
			panic("taint: bad move " + s)
		}
		return n
	}
	for _, f := range strings.Fields(s) {
		a, b, ok := strings.Cut(f, ">")
		if !ok {
			panic("taint: bad move " + s)
		}
		out = append(out, [2]int{idx(a), idx(b)})
	}
	return out
}

// DefaultInvokers returns the built-in models of framework methods that
// call back into app code (threads, executors, handlers, AsyncTask).
func DefaultInvokers() []Invoker {
	return []Invoker{
		{Pattern: MustPattern("Ljava/lang/Thread;->start()"), Object: 0, Name: "run", Params: "", Map: map[int]int{0: 0}},
		{Pattern: MustPattern("Ljava/util/concurrent/Executor;|Ljava/util/concurrent/ExecutorService;|Ljava/util/concurrent/ThreadPoolExecutor;->execute(Ljava/lang/Runnable;)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Ljava/util/concurrent/ExecutorService;->submit(Ljava/lang/Runnable;)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Landroid/os/Handler;->post*(Ljava/lang/Runnable;*)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Landroid/app/Activity;->runOnUiThread(Ljava/lang/Runnable;)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Landroid/view/View;->post*(Ljava/lang/Runnable;*)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Ljava/util/Timer;->schedule*(Ljava/util/TimerTask;*)"), Object: 1, Name: "run", Params: "", Map: map[int]int{0: 1}},
		{Pattern: MustPattern("Landroid/os/AsyncTask;->execute([Ljava/lang/Object;)"), Object: 0, Name: "doInBackground", Params: "[Ljava/lang/Object;", Map: map[int]int{0: 0, 1: 1}},
		{Pattern: MustPattern("Landroid/os/AsyncTask;->executeOnExecutor(Ljava/util/concurrent/Executor;[Ljava/lang/Object;)"), Object: 0, Name: "doInBackground", Params: "[Ljava/lang/Object;", Map: map[int]int{0: 0, 1: 2}},
	}
}

// FrameworkSupertypes are the supertypes of common framework classes, so
// that a model written for Context matches a call through Activity and one
// written for Map matches HashMap. Nearest first.
var FrameworkSupertypes = map[string][]string{
	"Landroid/app/Activity;":                                    {"Landroid/view/ContextThemeWrapper;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/app/ListActivity;":                                {"Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/app/Service;":                                     {"Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/app/IntentService;":                               {"Landroid/app/Service;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/app/Application;":                                 {"Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/content/ContextWrapper;":                          {"Landroid/content/Context;"},
	"Landroid/view/ContextThemeWrapper;":                        {"Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/support/v4/app/FragmentActivity;":                 {"Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/support/v7/app/ActionBarActivity;":                {"Landroid/support/v4/app/FragmentActivity;", "Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/support/v7/app/AppCompatActivity;":                {"Landroid/support/v4/app/FragmentActivity;", "Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroidx/appcompat/app/AppCompatActivity;":                {"Landroidx/fragment/app/FragmentActivity;", "Landroidx/activity/ComponentActivity;", "Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroidx/fragment/app/FragmentActivity;":                  {"Landroidx/activity/ComponentActivity;", "Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroidx/activity/ComponentActivity;":                     {"Landroid/app/Activity;", "Landroid/content/ContextWrapper;", "Landroid/content/Context;"},
	"Landroid/widget/EditText;":                                 {"Landroid/widget/TextView;", "Landroid/view/View;"},
	"Landroid/widget/AutoCompleteTextView;":                     {"Landroid/widget/EditText;", "Landroid/widget/TextView;", "Landroid/view/View;"},
	"Landroid/widget/MultiAutoCompleteTextView;":                {"Landroid/widget/AutoCompleteTextView;", "Landroid/widget/EditText;", "Landroid/widget/TextView;", "Landroid/view/View;"},
	"Landroidx/appcompat/widget/AppCompatEditText;":             {"Landroid/widget/EditText;", "Landroid/widget/TextView;", "Landroid/view/View;"},
	"Lcom/google/android/material/textfield/TextInputEditText;": {"Landroidx/appcompat/widget/AppCompatEditText;", "Landroid/widget/EditText;", "Landroid/widget/TextView;", "Landroid/view/View;"},
	"Landroid/widget/Button;":                                   {"Landroid/widget/TextView;", "Landroid/view/View;"},
	"Landroid/widget/TextView;":                                 {"Landroid/view/View;"},
	"Landroid/webkit/WebView;":                                  {"Landroid/widget/AbsoluteLayout;", "Landroid/view/ViewGroup;", "Landroid/view/View;"},
	"Ljava/util/HashMap;":                                       {"Ljava/util/AbstractMap;", "Ljava/util/Map;"},
	"Ljava/util/LinkedHashMap;":                                 {"Ljava/util/HashMap;", "Ljava/util/AbstractMap;", "Ljava/util/Map;"},
	"Ljava/util/TreeMap;":                                       {"Ljava/util/AbstractMap;", "Ljava/util/Map;"},
	"Ljava/util/ArrayList;":                                     {"Ljava/util/AbstractList;", "Ljava/util/List;", "Ljava/util/Collection;"},
	"Ljava/util/LinkedList;":                                    {"Ljava/util/AbstractList;", "Ljava/util/List;", "Ljava/util/Deque;", "Ljava/util/Collection;"},
	"Ljava/util/HashSet;":                                       {"Ljava/util/Set;", "Ljava/util/Collection;"},
	"Ljava/io/FileOutputStream;":                                {"Ljava/io/OutputStream;"},
	"Ljava/io/ByteArrayOutputStream;":                           {"Ljava/io/OutputStream;"},
	"Ljava/io/BufferedOutputStream;":                            {"Ljava/io/FilterOutputStream;", "Ljava/io/OutputStream;"},
	"Ljava/io/DataOutputStream;":                                {"Ljava/io/FilterOutputStream;", "Ljava/io/OutputStream;"},
	"Ljava/io/PrintStream;":                                     {"Ljava/io/FilterOutputStream;", "Ljava/io/OutputStream;"},
	"Ljava/io/OutputStreamWriter;":                              {"Ljava/io/Writer;"},
	"Ljava/io/FileWriter;":                                      {"Ljava/io/OutputStreamWriter;", "Ljava/io/Writer;"},
	"Ljava/io/BufferedWriter;":                                  {"Ljava/io/Writer;"},
	"Ljava/io/PrintWriter;":                                     {"Ljava/io/Writer;"},
	"Ljava/net/HttpURLConnection;":                              {"Ljava/net/URLConnection;"},
	"Ljavax/net/ssl/HttpsURLConnection;":                        {"Ljava/net/HttpURLConnection;", "Ljava/net/URLConnection;"},
	"Landroid/content/BroadcastReceiver;":                       {},
	"Landroid/location/LocationManager;":                        {},
	"Landroid/telephony/TelephonyManager;":                      {},
	"Ljava/lang/StringBuilder;":                                 {"Ljava/lang/AbstractStringBuilder;"},
	"Ljava/lang/StringBuffer;":                                  {"Ljava/lang/AbstractStringBuilder;"},
	"Landroid/text/SpannableStringBuilder;":                     {"Landroid/text/Editable;"},
	"Landroid/webkit/WebViewClient;":                            {},
	"Landroid/os/Bundle;":                                       {"Landroid/os/BaseBundle;"},
	"Landroid/app/Fragment;":                                    {},
	"Landroid/support/v4/app/Fragment;":                         {},
	"Lorg/apache/http/impl/client/DefaultHttpClient;":           {"Lorg/apache/http/client/HttpClient;"},
}
