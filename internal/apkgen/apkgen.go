// Package apkgen writes small APK files for test fixtures, in Go, with no
// Android tools: ZIP archives (names and duplicates exactly as given),
// binary XML (AndroidManifest.xml), string pools and resource chunks, and
// a minimal valid DEX. The fixture generators of testdata/hostile and
// testdata/config use it; outputs are byte-for-byte reproducible.
package apkgen

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"hash/adler32"
	"time"
)

// ---- ZIP --------------------------------------------------------------

type File struct {
	Name   string
	Data   []byte
	Stored bool
}

// Zip writes the files in order; zip.Writer neither cleans names nor
// refuses duplicates, which is what the decoy fixtures need.
func Zip(files ...File) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mod}
		if f.Stored {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err) // writing to memory cannot fail
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err) // writing to memory cannot fail
	}
	return buf.Bytes()
}

// ---- binary XML (AndroidManifest.xml) ----------------------------------

const androidNS = "http://schemas.android.com/apk/res/android"

type Attr struct {
	Android bool
	Name    string
	Str     string // string value, or
	Num     int32  // integer value when str == ""
}

type Elem struct {
	Name     string
	Attrs    []Attr
	Children []Elem
}

// Android attribute resource IDs (android.R.attr).
var attrIDs = map[string]uint32{
	"name":          0x01010003,
	"label":         0x01010001,
	"versionCode":   0x0101021b,
	"versionName":   0x0101021c,
	"minSdkVersion": 0x0101020c,
	"value":         0x01010024,
}

type Pool struct {
	strs []string
	idx  map[string]int
}

func (p *Pool) add(s string) int32 {
	if i, ok := p.idx[s]; ok {
		return int32(i)
	}
	p.idx[s] = len(p.strs)
	p.strs = append(p.strs, s)
	return int32(len(p.strs) - 1)
}

func LE32(b *bytes.Buffer, v uint32) { binary.Write(b, binary.LittleEndian, v) }
func LE16(b *bytes.Buffer, v uint16) { binary.Write(b, binary.LittleEndian, v) }

// Chunk frames body with a ResChunk_header; hdrExtra are the header bytes
// after the 8-byte common header.
func Chunk(typ uint16, hdrExtra, body []byte) []byte {
	var b bytes.Buffer
	LE16(&b, typ)
	LE16(&b, uint16(8+len(hdrExtra)))
	LE32(&b, uint32(8+len(hdrExtra)+len(body)))
	b.Write(hdrExtra)
	b.Write(body)
	return b.Bytes()
}

// StringPool encodes a UTF-8 ResStringPool.
func StringPool(strs []string) []byte {
	var offs, data bytes.Buffer
	for _, s := range strs {
		LE32(&offs, uint32(data.Len()))
		n := len(s) // ASCII only here: chars == bytes
		if n > 0x7f {
			data.Write([]byte{byte(0x80 | n>>8), byte(n), byte(0x80 | n>>8), byte(n)})
		} else {
			data.Write([]byte{byte(n), byte(n)})
		}
		data.WriteString(s)
		data.WriteByte(0)
	}
	for data.Len()%4 != 0 {
		data.WriteByte(0)
	}
	var hdr bytes.Buffer
	LE32(&hdr, uint32(len(strs)))
	LE32(&hdr, 0)     // styles
	LE32(&hdr, 0x100) // UTF-8
	LE32(&hdr, uint32(28+offs.Len()))
	LE32(&hdr, 0)
	return Chunk(0x0001, hdr.Bytes(), append(offs.Bytes(), data.Bytes()...))
}

func AXML(root Elem) []byte {
	p := &Pool{idx: map[string]int{}}
	// Resource-mapped attribute names come first, in attrIDs order of use.
	var ids []uint32
	var walkAttrs func(e Elem)
	walkAttrs = func(e Elem) {
		for _, a := range e.Attrs {
			if a.Android {
				if _, ok := p.idx[a.Name]; !ok {
					p.add(a.Name)
					ids = append(ids, attrIDs[a.Name])
				}
			}
		}
		for _, c := range e.Children {
			walkAttrs(c)
		}
	}
	walkAttrs(root)
	prefix, uri := p.add("android"), p.add(androidNS)
	var body bytes.Buffer
	node := func(typ uint16, payload []byte) {
		var h bytes.Buffer
		LE32(&h, 1)          // line
		LE32(&h, 0xffffffff) // comment
		body.Write(Chunk(typ, h.Bytes(), payload))
	}
	var ns bytes.Buffer
	LE32(&ns, uint32(prefix))
	LE32(&ns, uint32(uri))
	node(0x0100, ns.Bytes())
	var write func(e Elem)
	write = func(e Elem) {
		name := p.add(e.Name)
		var b bytes.Buffer
		LE32(&b, 0xffffffff)
		LE32(&b, uint32(name))
		LE16(&b, 20)
		LE16(&b, 20)
		LE16(&b, uint16(len(e.Attrs)))
		LE16(&b, 0)
		LE16(&b, 0)
		LE16(&b, 0)
		for _, a := range e.Attrs {
			nsIdx := uint32(0xffffffff)
			if a.Android {
				nsIdx = uint32(uri)
			}
			LE32(&b, nsIdx)
			LE32(&b, uint32(p.add(a.Name)))
			if a.Str != "" {
				v := p.add(a.Str)
				LE32(&b, uint32(v))
				LE16(&b, 8)
				b.WriteByte(0)
				b.WriteByte(0x03) // TYPE_STRING
				LE32(&b, uint32(v))
			} else {
				LE32(&b, 0xffffffff)
				LE16(&b, 8)
				b.WriteByte(0)
				b.WriteByte(0x10) // TYPE_INT_DEC
				LE32(&b, uint32(a.Num))
			}
		}
		node(0x0102, b.Bytes())
		for _, c := range e.Children {
			write(c)
		}
		var end bytes.Buffer
		LE32(&end, 0xffffffff)
		LE32(&end, uint32(name))
		node(0x0103, end.Bytes())
	}
	write(root)
	node(0x0101, ns.Bytes())
	var rmap bytes.Buffer
	for _, id := range ids {
		LE32(&rmap, id)
	}
	doc := append(StringPool(p.strs), Chunk(0x0180, nil, rmap.Bytes())...)
	doc = append(doc, body.Bytes()...)
	return Chunk(0x0003, nil, doc)
}

// DEX is a minimal valid DEX File (header and map only, no classes) that
// dexdump accepts. tag goes in the link section, after the map, so that the
// real and the decoy DEX differ in content and checksum.
func DEX(tag string) []byte {
	link := []byte(tag)
	for len(link)%4 != 0 {
		link = append(link, 0)
	}
	const hdr = 0x70
	mapOff := hdr
	mapSize := 4 + 2*12
	linkOff := mapOff + mapSize
	size := linkOff + len(link)
	b := make([]byte, size)
	copy(b, "dex\n035\x00")
	put := func(off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	put(32, uint32(size))
	put(36, hdr)
	put(40, 0x12345678)
	put(44, uint32(len(link)))
	put(48, uint32(linkOff))
	put(52, uint32(mapOff))
	put(104, uint32(mapSize)) // data_size
	put(108, uint32(mapOff))  // data_off
	copy(b[linkOff:], link)
	m := b[mapOff:]
	binary.LittleEndian.PutUint32(m, 2)
	item := func(i int, typ uint16, count, off uint32) {
		e := m[4+12*i:]
		binary.LittleEndian.PutUint16(e, typ)
		binary.LittleEndian.PutUint32(e[4:], count)
		binary.LittleEndian.PutUint32(e[8:], off)
	}
	item(0, 0x0000, 1, 0)              // header_item
	item(1, 0x1000, 1, uint32(mapOff)) // map_list
	sig := sha1.Sum(b[32:])
	copy(b[12:32], sig[:])
	put(8, adler32.Checksum(b[12:]))
	return b
}
