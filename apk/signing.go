package apk

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Signer is one signing certificate found in an APK.
type Signer struct {
	// SHA256 is the hex SHA-256 of the DER certificate: the value that
	// `apksigner verify --print-certs` prints as "certificate SHA-256 digest".
	SHA256 string `json:"sha256"`
	// SHA1 is the hex SHA-1 of the DER certificate (the fingerprint that
	// Exodus Privacy's application id is built from).
	SHA1 string `json:"sha1,omitempty"`
	// Schemes lists where the certificate was found: "v1", "v2", "v3", "v3.1".
	Schemes []string `json:"schemes"`
	Subject string   `json:"subject,omitempty"`
	Issuer  string   `json:"issuer,omitempty"`
	// NotBefore/NotAfter are RFC 3339 dates when the certificate parses.
	NotBefore string `json:"not_before,omitempty"`
	NotAfter  string `json:"not_after,omitempty"`
}

// APK Signing Block IDs (see source.android.com "APK Signature Scheme v2/v3").
const (
	blockIDv2   = 0x7109871a
	blockIDv3   = 0xf05368c0
	blockIDv31  = 0x1b93ad61
	maxSigBlock = 64 << 20
	maxCerts    = 64
)

var sigBlockMagic = []byte("APK Sig Block 42")

// readSigners collects v1 certificates from META-INF and v2/v3 certificates
// from the APK Signing Block. r/size give random access to the raw APK.
// Problems are returned rather than failing: an unsigned APK is legal input.
func readSigners(a *Archive, r io.ReaderAt, size int64) ([]Signer, []error) {
	var probs []error
	certs := map[string]*Signer{}
	order := []string{}
	add := func(der []byte, scheme string) {
		sum := sha256.Sum256(der)
		h := hex.EncodeToString(sum[:])
		s, ok := certs[h]
		if !ok {
			s1 := sha1.Sum(der)
			s = &Signer{SHA256: h, SHA1: hex.EncodeToString(s1[:])}
			if c, err := x509.ParseCertificate(der); err == nil {
				s.Subject = c.Subject.String()
				s.Issuer = c.Issuer.String()
				s.NotBefore = c.NotBefore.UTC().Format("2006-01-02T15:04:05Z")
				s.NotAfter = c.NotAfter.UTC().Format("2006-01-02T15:04:05Z")
			}
			certs[h] = s
			order = append(order, h)
		}
		for _, sc := range s.Schemes {
			if sc == scheme {
				return
			}
		}
		s.Schemes = append(s.Schemes, scheme)
	}

	// v1: PKCS#7 SignedData in META-INF/*.RSA|DSA|EC, bounded by the
	// scan's budget of signature files and certificates examined.
	bud := a.budget
	if bud == nil {
		bud = newBudget(a.limits)
	}
	for _, e := range a.Entries() {
		up := strings.ToUpper(e.Name)
		if !strings.HasPrefix(up, "META-INF/") || strings.Count(e.Name, "/") != 1 {
			continue
		}
		if !(strings.HasSuffix(up, ".RSA") || strings.HasSuffix(up, ".DSA") || strings.HasSuffix(up, ".EC")) {
			continue
		}
		if e.Dir {
			continue
		}
		if err := bud.takeV1File(); err != nil {
			probs = append(probs, err)
			break
		}
		data, err := a.ReadEntry(e.Name, 4<<20)
		if err != nil {
			probs = append(probs, fmt.Errorf("v1 signature: %w", err))
			continue
		}
		ders, err := pkcs7Certificates(data)
		if err != nil {
			probs = append(probs, fmt.Errorf("v1 signature %s: %w", e.Name, err))
			continue
		}
		granted := bud.takeV1Certs(len(ders))
		for _, d := range leafCertificates(ders[:granted]) {
			add(d, "v1")
		}
		if granted < len(ders) {
			probs = append(probs, bud.v1CertsErr())
			break
		}
	}

	// v2/v3: the APK Signing Block just before the central directory.
	if r != nil {
		blocks, err := signingBlock(r, size)
		if err != nil {
			probs = append(probs, fmt.Errorf("APK Signing Block: %w", err))
		}
		for _, b := range blocks {
			scheme := map[uint32]string{blockIDv2: "v2", blockIDv3: "v3", blockIDv31: "v3.1"}[b.id]
			ders, err := schemeCertificates(b.value)
			if err != nil {
				probs = append(probs, fmt.Errorf("APK Signing Block %s: %w", scheme, err))
			}
			for _, d := range ders {
				add(d, scheme)
			}
		}
	}

	out := make([]Signer, 0, len(order))
	for _, h := range order {
		s := certs[h]
		sort.Strings(s.Schemes)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SHA256 < out[j].SHA256 })
	return out, probs
}

type idValue struct {
	id    uint32
	value []byte
}

// signingBlock locates the End of Central Directory, then the APK Signing
// Block that precedes the central directory, and returns its v2/v3 pairs.
// It returns (nil, nil) when the APK has no signing block.
func signingBlock(r io.ReaderAt, size int64) ([]idValue, error) {
	// EOCD is 22 bytes plus a comment of up to 65535 bytes.
	tail := int64(22 + 65535)
	if tail > size {
		tail = size
	}
	if tail < 22 {
		return nil, errors.New("file too small for a ZIP end record")
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return nil, err
	}
	eocd := -1
	for i := len(buf) - 22; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			// The comment length must reach exactly to the end of the file.
			if int(binary.LittleEndian.Uint16(buf[i+20:]))+i+22 == len(buf) {
				eocd = i
				break
			}
		}
	}
	if eocd < 0 {
		return nil, errors.New("no ZIP end of central directory record")
	}
	cdOff := int64(binary.LittleEndian.Uint32(buf[eocd+16:]))
	if cdOff < 32 || cdOff > size {
		return nil, nil
	}
	var foot [24]byte
	if _, err := r.ReadAt(foot[:], cdOff-24); err != nil {
		return nil, err
	}
	if !bytes.Equal(foot[8:], sigBlockMagic) {
		return nil, nil // unsigned by v2+, or v1 only
	}
	bsize := binary.LittleEndian.Uint64(foot[:8])
	if bsize < 24 || bsize > maxSigBlock || int64(bsize)+8 > cdOff {
		return nil, fmt.Errorf("block size %d out of range", bsize)
	}
	start := cdOff - int64(bsize) - 8
	blk := make([]byte, bsize+8)
	if _, err := r.ReadAt(blk, start); err != nil {
		return nil, err
	}
	if binary.LittleEndian.Uint64(blk[:8]) != bsize {
		return nil, errors.New("block size fields differ")
	}
	pairs := blk[8 : len(blk)-24]
	var out []idValue
	for len(pairs) > 0 {
		if len(pairs) < 12 {
			return out, errors.New("truncated ID-value pair")
		}
		n := binary.LittleEndian.Uint64(pairs)
		if n < 4 || n > uint64(len(pairs)-8) {
			return out, fmt.Errorf("ID-value pair length %d out of range", n)
		}
		id := binary.LittleEndian.Uint32(pairs[8:])
		if id == blockIDv2 || id == blockIDv3 || id == blockIDv31 {
			out = append(out, idValue{id, pairs[12 : 8+n]})
		}
		pairs = pairs[8+n:]
	}
	return out, nil
}

// lp reads one uint32-length-prefixed slice.
func lp(b []byte) (val, rest []byte, err error) {
	if len(b) < 4 {
		return nil, nil, errors.New("truncated length prefix")
	}
	n := binary.LittleEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, fmt.Errorf("length %d exceeds remaining %d bytes", n, len(b)-4)
	}
	return b[4 : 4+n], b[4+n:], nil
}

// schemeCertificates walks signers → signed data → certificates, the layout
// shared by v2, v3 and v3.1.
func schemeCertificates(v []byte) ([][]byte, error) {
	signers, _, err := lp(v)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for len(signers) > 0 {
		var signer []byte
		if signer, signers, err = lp(signers); err != nil {
			return out, err
		}
		signed, _, err := lp(signer)
		if err != nil {
			return out, err
		}
		_, rest, err := lp(signed) // digests
		if err != nil {
			return out, err
		}
		certs, _, err := lp(rest)
		if err != nil {
			return out, err
		}
		// The first certificate is the signer's; the rest is its chain.
		if len(certs) > 0 && len(out) < maxCerts {
			c, _, err := lp(certs)
			if err != nil {
				return out, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// pkcs7Certificates extracts the DER certificates of a PKCS#7 SignedData.
func pkcs7Certificates(der []byte) ([][]byte, error) {
	var ci struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		return nil, fmt.Errorf("not PKCS#7: %w", err)
	}
	var sd struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		ContentInfo      asn1.RawValue
		Certificates     asn1.RawValue `asn1:"optional,tag:0"`
		Rest             asn1.RawValue `asn1:"optional"`
	}
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("bad SignedData: %w", err)
	}
	var out [][]byte
	rest := sd.Certificates.Bytes
	for len(rest) > 0 && len(out) < maxCerts {
		var raw asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &raw); err != nil {
			return out, fmt.Errorf("bad certificate: %w", err)
		}
		out = append(out, raw.FullBytes)
	}
	if len(out) == 0 {
		return nil, errors.New("no certificates")
	}
	return out, nil
}

// leafCertificates drops the certificates that issued another certificate
// of the set: a PKCS#7 bag may carry the signer's chain, and apksigner
// reports only the signer.
func leafCertificates(ders [][]byte) [][]byte {
	if len(ders) < 2 {
		return ders
	}
	parsed := make([]*x509.Certificate, len(ders))
	for i, d := range ders {
		parsed[i], _ = x509.ParseCertificate(d)
	}
	var out [][]byte
	for i, c := range parsed {
		issuer := false
		for j, o := range parsed {
			if i != j && c != nil && o != nil && bytes.Equal(c.RawSubject, o.RawIssuer) && !bytes.Equal(o.RawSubject, o.RawIssuer) {
				issuer = true
				break
			}
		}
		if !issuer {
			out = append(out, ders[i])
		}
	}
	if len(out) == 0 {
		return ders[:1]
	}
	return out
}
