// Package dex is a small, fast and bounded reader for Dalvik Executable
// (DEX) files, written for scanning adversarial APKs.
//
// # Why an in-house reader
//
// APKs are hostile input. The third-party readers we evaluated allocate
// slices straight from counts read out of the file (for example a
// class_data_item's static_fields_size, a ULEB128 that can claim four
// billion entries), so a crafted DEX of a few kilobytes can exhaust memory
// and crash the scanner; they also lacked try/catch handler decoding. This
// package is written from the DEX format and Dalvik bytecode specifications
// (source.android.com: "Dalvik Executable format", "Dalvik bytecode",
// "Dalvik instruction formats") and uses only the standard library.
//
// # Layers
//
// Parse validates a DEX held in memory and returns a File. File gives
// random access to the string, type, proto, field and method tables
// (String, Type, Proto, Field, Method), to class definitions (ClassDef,
// Class, Classes), to method handles and call sites (DEX 038+), and to code
// items (Code). Strings are decoded from Modified UTF-8 on demand; ASCII
// strings, the vast majority, are returned without copying and alias the
// DEX bytes, so the slice passed to Parse must not be modified afterwards.
//
// A Code's instructions are decoded by a non-allocating Decoder (or all at
// once by Code.Insns). Every Dalvik format is supported (10x through 51l,
// 45cc/4rcc, and the odex-only 20bc, 22cs, 35ms, 35mi, 3rms and 3rmi through
// OpcodesDalvikOdex); payload pseudo-instructions (packed-switch,
// sparse-switch, fill-array-data) are returned as single instructions of
// their full size so a linear walk skips them, and are resolved with
// Code.Switch and Code.ArrayData. Insn.Uses and Insn.Defs give the
// registers read and written (wide values as register pairs) for def-use
// analyses; Code.Tries gives the try ranges and their handlers.
//
// Index builds, by streaming DEX files through Add in Android load order, a
// compact cross-file index: class definitions (first definition wins, as
// in Android's class loaders, duplicates counted) and hierarchy, every call
// site (caller, pc, callee), and every string constant with its locations.
// Strings are interned in chunked arenas and call sites are 16-byte
// records, so the index holds about as much memory as the DEX it was built
// from and does not keep the DEX data alive. Indexing does not allocate per
// instruction; on one core it processes well over 200 MB of DEX per second.
//
// # Bounds and failure behaviour
//
//   - Parse checks the magic (dex 035-041; odex "dey\n", compact "cdex" and
//     big-endian files are rejected with a clear error), file_size against
//     len(data), every section against the file size, and every index held
//     in the type, proto, field and method tables and in the map list.
//   - Class definitions and code items are validated when accessed, so one
//     broken class yields an error for that class only: File.Classes returns
//     the good classes plus one error per bad class, and Index.Add records a
//     Problem and carries on.
//   - Every count read from the file (class members, array and annotation
//     elements, try handlers, switch and array payloads) is checked against
//     the bytes that remain before anything is allocated. Encoded values
//     are limited in nesting depth and total count.
//   - Instruction decoding is bounded by the insns array: an instruction or
//     payload that would run past it, or an unused opcode, stops decoding of
//     that method with an error.
//   - class_defs may legitimately share class data and code items, which a
//     hostile file can abuse to amplify work; Index.Add therefore has a
//     per-file work budget (four times the file size in code units and
//     members) and reports a Problem when it is exceeded. Callers iterating
//     a File themselves should apply a similar budget.
//   - Parse, File.Class, Code.Insns and Index.Add recover from panics as a
//     last line of defence and turn them into errors; the tests and the
//     FuzzParse target run with that recovery disabled so that any panic is
//     found and fixed instead of hidden.
//
// Errors are *Error values whose message names the file and the item, e.g.
// "dex: classes2.dex: class_defs[12]: class_data_off 0x1234 beyond file size
// 0x1000".
//
// # Concurrency
//
// A File is safe for concurrent use. An Index must be built by one
// goroutine; once built, its query methods are safe for concurrent use.
package dex
