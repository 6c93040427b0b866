package dex

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// dexdumpSample is the sampling stride for the per-method invoke
// comparison: classes whose index in their DEX is a multiple of it are
// compared (class counts are compared for every file).
const dexdumpSample = 3

type ddDex struct {
	classDefsSize int
	descriptors   int
	invokes       map[string][]string // "Lx;->name(proto)" -> "pc op idx callee"
	sampled       int
}

// runDexdump runs `dexdump -f -d apk` and extracts, per DEX file, the
// header's class_defs_size, the number of class descriptors and the invoke
// instructions of sampled classes.
func runDexdump(t *testing.T, apk string) ([]*ddDex, error) {
	cmd := exec.Command("dexdump", "-f", "-d", apk)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var dexes []*ddDex
	var cur *ddDex
	var class, name, typ string
	sampled := false
	classIdx := -1
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case bytes.HasPrefix(line, []byte("Opened '")):
			cur = &ddDex{invokes: map[string][]string{}}
			dexes = append(dexes, cur)
			classIdx = -1
		case cur == nil:
		case bytes.HasPrefix(line, []byte("class_defs_size     : ")):
			cur.classDefsSize, _ = strconv.Atoi(string(line[22:]))
		case bytes.HasPrefix(line, []byte("  Class descriptor  : '")):
			cur.descriptors++
			classIdx++
			class = string(line[23 : len(line)-1])
			sampled = classIdx%dexdumpSample == 0
			if sampled {
				cur.sampled++
			}
		case !sampled:
		case bytes.HasPrefix(line, []byte("      name          : '")):
			name = string(line[23 : len(line)-1])
		case bytes.HasPrefix(line, []byte("      type          : '")):
			typ = string(line[23 : len(line)-1])
		default:
			i := bytes.Index(line, []byte(": invoke-"))
			bar := bytes.IndexByte(line, '|')
			if i < 0 || bar < 0 || bar > i {
				continue
			}
			m := bytes.Index(line, []byte(" // method@"))
			if m < 0 {
				continue // invoke-custom: call_site@N
			}
			pc, err := strconv.ParseUint(string(line[bar+1:i]), 16, 32)
			if err != nil {
				continue
			}
			rest := line[i+2:]
			op := string(rest[:bytes.IndexByte(rest, ' ')])
			idxs := string(line[m+len(" // method@"):])
			if c := strings.IndexByte(idxs, ','); c >= 0 {
				idxs = idxs[:c]
			}
			idx, _ := strconv.ParseUint(idxs, 16, 32)
			callee := ""
			if b := bytes.Index(line, []byte("}, ")); b >= 0 && b < m {
				callee = string(line[b+3 : m])
			}
			if op == "invoke-polymorphic" || op == "invoke-polymorphic/range" {
				if c := strings.Index(callee, ", ("); c >= 0 {
					callee = callee[:c]
				}
			}
			key := class + "->" + name + typ
			cur.invokes[key] = append(cur.invokes[key], fmt.Sprintf("%x %s %d %s", pc, op, idx, asciiOrEmpty(callee)))
		}
	}
	if err := sc.Err(); err != nil {
		return dexes, err
	}
	if err := cmd.Wait(); err != nil {
		return dexes, fmt.Errorf("dexdump: %v: %s", err, lastLine(stderr.String()))
	}
	return dexes, nil
}

func asciiOrEmpty(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ""
		}
	}
	return s
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// ourInvokes lists the invokes of the sampled classes of f in dexdump's
// notation.
func ourInvokes(t *testing.T, f *File) map[string][]string {
	out := map[string][]string{}
	for ci := 0; ci < f.NumClasses(); ci += dexdumpSample {
		c, err := f.Class(ci)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		for _, m := range append(c.DirectMethods, c.VirtualMethods...) {
			if m.CodeOff == 0 {
				continue
			}
			code, err := f.Code(m.CodeOff)
			if err != nil {
				t.Errorf("%s: %s: %v", f.Name, m.Ref, err)
				continue
			}
			key := c.Descriptor + "->" + m.Ref.Name + m.Ref.Proto
			d := code.Decoder()
			var in Insn
			for d.Next(&in) {
				if !in.Op.IsInvoke() || in.Op.Ref() != RefMethod {
					continue
				}
				callee, err := f.InsnMethod(&in)
				if err != nil {
					t.Errorf("%s: %s: %v", f.Name, key, err)
					continue
				}
				cs := asciiOrEmpty(callee.Class + "." + callee.Name + ":" + callee.Proto)
				out[key] = append(out[key], fmt.Sprintf("%x %s %d %s", in.PC, in.Op, in.Index, cs))
			}
			if d.Err() != nil {
				t.Errorf("%s: %s: %v", f.Name, key, d.Err())
			}
		}
	}
	return out
}

func TestDexdumpCrossCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := exec.LookPath("dexdump"); err != nil {
		t.Skip("dexdump not on PATH (Debian package dexdump)")
	}
	for _, apk := range corpusAPKs(t, "realworld", "large") {
		t.Run(filepath.Base(apk), func(t *testing.T) {
			t.Parallel()
			ents := readAPKDex(t, apk)
			dd, err := runDexdump(t, apk)
			if err != nil {
				t.Logf("%v (comparing the %d DEX files dumped)", err, len(dd))
			}
			if len(dd) > len(ents) {
				t.Fatalf("dexdump saw %d DEX files, we found %d", len(dd), len(ents))
			}
			methods, invokes := 0, 0
			for i, e := range ents {
				f, err := Parse(e.Name, e.Data)
				if err != nil {
					t.Errorf("Parse: %v", err)
					continue
				}
				if i >= len(dd) {
					continue
				}
				d := dd[i]
				if f.NumClasses() != d.classDefsSize || f.NumClasses() != d.descriptors {
					t.Errorf("%s: %d classes, dexdump class_defs_size %d, %d descriptors", e.Name, f.NumClasses(), d.classDefsSize, d.descriptors)
				}
				ours := ourInvokes(t, f)
				for k, want := range d.invokes {
					if got := ours[k]; !slices.Equal(got, want) {
						t.Errorf("%s: %s:\n got  %v\n want %v", e.Name, k, got, want)
					}
					invokes += len(want)
				}
				for k := range ours {
					if _, ok := d.invokes[k]; !ok {
						t.Errorf("%s: %s: invokes %v not in dexdump output", e.Name, k, ours[k])
					}
				}
				methods += len(ours)
			}
			t.Logf("%d DEX files, %d sampled methods, %d invokes compared", len(ents), methods, invokes)
		})
	}
}
