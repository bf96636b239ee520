package signedpdf

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"github.com/digitorus/timestamp"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/export/pdfdoc"
)

// The signing moment of the fixtures: fixed, so the suite passes on any date.
var signedAt = time.Date(2026, 11, 30, 9, 15, 0, 0, vnZone)

type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// newCert issues a certificate for cn/org valid from..to, signed by parent
// (self-signed when parent is nil).
func newCert(t testing.TB, cn, org string, from, to time.Time, isCA bool, parent *keyPair, eku ...x509.ExtKeyUsage) keyPair {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{org}, Country: []string{"VN"}},
		NotBefore:             from,
		NotAfter:              to,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		ExtKeyUsage:           eku,
	}
	if isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{cert: cert, key: key}
}

// unsignedPDF is a one-page document made by the project's own PDF writer.
func unsignedPDF(t testing.TB) []byte {
	t.Helper()
	d, err := pdfdoc.New(pdfdoc.Options{Title: "Cong van thu nghiem", Author: "UBND"})
	if err != nil {
		t.Fatal(err)
	}
	d.Flow(pdfdoc.Text("Ủy ban nhân dân phường Hòa Bình đề nghị các đơn vị triển khai.", false, false, 14, pdfdoc.Left))
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signPDF signs in as an approval signature (so a second one may follow, as
// the organisation's seal follows the leader's signature).
func signPDF(t testing.TB, in []byte, kp keyPair, chain []*x509.Certificate, name string) []byte {
	t.Helper()
	return signWith(t, in, sign.SignData{
		Signature: sign.SignDataSignature{
			Info:       sign.SignDataSignatureInfo{Name: name, Location: "Hòa Bình", Reason: "Ban hành", Date: signedAt},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer:            kp.key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       kp.cert,
		CertificateChains: [][]*x509.Certificate{append([]*x509.Certificate{kp.cert}, chain...)},
	})
}

func signWith(t testing.TB, in []byte, sd sign.SignData) []byte {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := sign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), sd); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// tsaServer is a time-stamping authority in the test process that stamps
// every request with the time at.
func tsaServer(t testing.TB, kp keyPair, at time.Time) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ts := timestamp.Timestamp{
			HashAlgorithm: req.HashAlgorithm, HashedMessage: req.HashedMessage, Nonce: req.Nonce,
			Time: at, Policy: asn1.ObjectIdentifier{1, 2, 3, 4, 1}, AddTSACertificate: true,
		}
		resp, err := ts.CreateResponseWithOpts(kp.cert, kp.key, crypto.SHA256)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		_, _ = w.Write(resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// signTimestamped signs with the signature's RFC 3161 timestamp from the TSA.
func signTimestamped(t testing.TB, in []byte, kp keyPair, tsaURL string) []byte {
	t.Helper()
	return signWith(t, in, sign.SignData{
		Signature: sign.SignDataSignature{
			Info:       sign.SignDataSignatureInfo{Name: "TS"},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer: kp.key, DigestAlgorithm: crypto.SHA256, Certificate: kp.cert,
		TSA: sign.TSA{URL: tsaURL},
	})
}

// docTimestamp appends a document timestamp (/Type /DocTimeStamp).
func docTimestamp(t testing.TB, in []byte, tsaURL string) []byte {
	t.Helper()
	return signWith(t, in, sign.SignData{
		Signature:       sign.SignDataSignature{CertType: sign.TimeStampSignature},
		DigestAlgorithm: crypto.SHA256,
		TSA:             sign.TSA{URL: tsaURL},
	})
}

var (
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reRoot      = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	reSize      = regexp.MustCompile(`/Size\s+(\d+)`)
)

// appendUpdate adds a well-formed incremental update (a new document-info
// object) after whatever the file holds: what an editor does when it saves a
// signed PDF again.
func appendUpdate(t *testing.T, in []byte) []byte {
	t.Helper()
	prev := reStartXref.FindSubmatch(in)
	roots := reRoot.FindAllSubmatch(in, -1)
	sizes := reSize.FindAllSubmatch(in, -1)
	if prev == nil || len(roots) == 0 || len(sizes) == 0 {
		t.Fatal("cannot find the trailer to extend")
	}
	size, _ := strconv.Atoi(string(sizes[len(sizes)-1][1]))
	var b bytes.Buffer
	b.Write(in)
	if !bytes.HasSuffix(in, []byte("\n")) {
		b.WriteByte('\n')
	}
	off := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Title (Da sua sau khi ky) >>\nendobj\n", size)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s 0 R /Info %d 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n",
		size, off, size+1, roots[len(roots)-1][1], size, prev[1], xref)
	return b.Bytes()
}

// flip returns a copy of b with the first occurrence of old replaced by new
// (same length).
func flip(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	i := bytes.Index(b, []byte(old))
	if i < 0 || len(old) != len(new) {
		t.Fatalf("%q not found", old)
	}
	c := bytes.Clone(b)
	copy(c[i:], new)
	return c
}

// contentsHex is the offset of the first signature's /Contents hex digits.
func contentsHex(t *testing.T, b []byte) int {
	t.Helper()
	i := bytes.Index(b, []byte("/Contents<"))
	if i < 0 {
		t.Fatal("no /Contents")
	}
	return i + len("/Contents<") + 40
}

// Certificate validity of the fixtures. The signing package stamps the CMS
// signingTime attribute with the real clock and the CMS check compares it with
// the validity, so valid certificates span any date a test may run on, and
// invalid ones lie wholly in the past or far in the future.
var (
	from    = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	past    = [2]time.Time{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
	future  = [2]time.Time{time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9001, 1, 1, 0, 0, 0, 0, time.UTC)}
)

func TestVerify(t *testing.T) {
	self := newCert(t, "Nguyễn Văn An", "UBND phường Hòa Bình", from, forever, false, nil)
	root := newCert(t, "Thử nghiệm Root CA", "Ban Cơ yếu (thử)", from, forever, true, nil)
	leader := newCert(t, "Trần Thị Bình", "UBND phường Hòa Bình", from, forever, false, &root)
	seal := newCert(t, "UBND phường Hòa Bình", "UBND phường Hòa Bình", from, forever, false, &root)
	expired := newCert(t, "Lê Văn Cũ", "UBND phường Hòa Bình", past[0], past[1], false, &root)
	trust := x509.NewCertPool()
	trust.AddCert(root.cert)

	plain := unsignedPDF(t)
	one := signPDF(t, plain, self, nil, "An")
	chained := signPDF(t, plain, leader, []*x509.Certificate{root.cert}, "Bình")
	two := signPDF(t, chained, seal, []*x509.Certificate{root.cert}, "Con dấu")

	// want describes one signature of the report; empty strings are not checked.
	type want struct {
		cn, org                     string
		valid, whole, changed       bool
		later                       int
		unsigned, trusted, selfSign bool
		problem, trustProblem       string
		summary                     []string
	}
	for _, tc := range []struct {
		name string
		file []byte
		v    Verifier
		want []want
	}{
		{
			name: "self-signed, untouched: valid, origin not verifiable",
			file: one,
			want: []want{{cn: "Nguyễn Văn An", org: "UBND phường Hòa Bình", valid: true, whole: true, selfSign: true,
				trustProblem: "không xác minh được nguồn gốc chứng thư (chứng thư tự ký)",
				summary: []string{"Nguyễn Văn An (UBND phường Hòa Bình) ký lúc 09:15 ngày 30/11/2026", "chữ ký hợp lệ",
					"tài liệu không bị thay đổi sau khi ký", "không xác minh được nguồn gốc chứng thư"}}},
		},
		{
			name: "self-signed, even when the caller trusts another root",
			file: one, v: Verifier{Roots: trust},
			want: []want{{cn: "Nguyễn Văn An", valid: true, whole: true, selfSign: true,
				trustProblem: "không xác minh được nguồn gốc chứng thư (chứng thư tự ký)"}},
		},
		{
			name: "a newline after %%EOF is not a change",
			file: append(bytes.Clone(one), "\r\n"...),
			want: []want{{cn: "Nguyễn Văn An", valid: true, whole: true, selfSign: true}},
		},
		{
			name: "issued by a trusted root",
			file: chained, v: Verifier{Roots: trust},
			want: []want{{cn: "Trần Thị Bình", valid: true, whole: true, trusted: true,
				summary: []string{"xác minh được nguồn gốc chứng thư", "chứng thư do Thử nghiệm Root CA cấp, hiệu lực từ 01/01/2000 đến 31/12/9999"}}},
		},
		{
			name: "issued by a root the caller does not trust",
			file: chained,
			want: []want{{cn: "Trần Thị Bình", valid: true, whole: true, trustProblem: "không xác minh được nguồn gốc chứng thư"}},
		},
		{
			name: "certificate expired before the signing time",
			file: signPDF(t, plain, expired, []*x509.Certificate{root.cert}, "Cũ"), v: Verifier{Roots: trust},
			want: []want{{cn: "Lê Văn Cũ", whole: true, problem: "chứng thư số không có hiệu lực vào thời điểm ký",
				trustProblem: "chứng thư số không có hiệu lực vào thời điểm ký",
				summary:      []string{"chữ ký KHÔNG hợp lệ: chứng thư số không có hiệu lực vào thời điểm ký; chứng thư do"}}},
		},
		{
			name: "a byte of the signed content changed",
			file: flip(t, one, "\x00C\x00o\x00n\x00g", "\x00K\x00o\x00n\x00g"), // the /Title, UTF-16
			want: []want{{cn: "Nguyễn Văn An", whole: true, selfSign: true,
				problem: "nội dung đã bị sửa sau khi ký", summary: []string{"chữ ký KHÔNG hợp lệ"}}},
		},
		{
			name: "a byte of the signature itself changed",
			file: func() []byte { c := bytes.Clone(one); i := contentsHex(t, c); c[i] = "01"[c[i]&1]; return c }(),
			want: []want{{valid: false, whole: true}},
		},
		{
			name: "an incremental update appended after signing",
			file: appendUpdate(t, one), v: Verifier{Roots: trust},
			want: []want{{cn: "Nguyễn Văn An", valid: true, changed: true, unsigned: true, selfSign: true,
				summary: []string{"tài liệu đã bị thay đổi sau khi ký"}}},
		},
		{
			name: "personal signature then the organisation's seal",
			file: two, v: Verifier{Roots: trust},
			want: []want{
				{cn: "Trần Thị Bình", valid: true, changed: true, later: 1, trusted: true,
					summary: []string{"sau khi ký, tệp được cập nhật để ký tiếp (1 chữ ký sau)"}},
				{cn: "UBND phường Hòa Bình", org: "UBND phường Hòa Bình", valid: true, whole: true, trusted: true,
					summary: []string{"UBND phường Hòa Bình ký lúc"}},
			},
		},
		{
			name: "both signatures, then an unsigned update",
			file: appendUpdate(t, two), v: Verifier{Roots: trust},
			want: []want{
				{cn: "Trần Thị Bình", valid: true, changed: true, later: 1, unsigned: true, trusted: true},
				{cn: "UBND phường Hòa Bình", valid: true, changed: true, unsigned: true, trusted: true},
			},
		},
		{
			name: "signature dictionary but no /SigFlags: reported, not verified",
			file: flip(t, one, "/SigFlags", "/SigFlxgs"),
			want: []want{{cn: "Nguyễn Văn An", whole: true, selfSign: true, problem: "AcroForm/SigFlags"}},
		},
		{
			name: "no signatures: an empty report",
			file: plain,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := tc.v.Verify(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Size != int64(len(tc.file)) || len(rep.Signatures) != len(tc.want) {
				t.Fatalf("size %d, %d signatures, want %d: %+v", rep.Size, len(rep.Signatures), len(tc.want), rep.Signatures)
			}
			for i, w := range tc.want {
				s := rep.Signatures[i]
				t.Log(s.Summary)
				if w.cn != "" && s.SignerName != w.cn || w.org != "" && s.SignerOrganization != w.org {
					t.Errorf("#%d signer %q (%q), want %q (%q)", i, s.SignerName, s.SignerOrganization, w.cn, w.org)
				}
				if s.Valid != w.valid || s.CoversWholeFile != w.whole || s.ChangedAfterSigning != w.changed ||
					s.LaterSignatures != w.later || s.UnsignedChanges != w.unsigned || s.Trusted != w.trusted {
					t.Errorf("#%d valid %v whole %v changed %v later %d unsigned %v trusted %v, want %+v",
						i, s.Valid, s.CoversWholeFile, s.ChangedAfterSigning, s.LaterSignatures, s.UnsignedChanges, s.Trusted, w)
				}
				if w.cn != "" && s.SelfSigned != w.selfSign {
					t.Errorf("#%d self-signed %v", i, s.SelfSigned)
				}
				if s.Valid == (s.Problem != "") || !strings.Contains(s.Problem, w.problem) {
					t.Errorf("#%d problem %q, want %q", i, s.Problem, w.problem)
				}
				if s.Trusted == (s.TrustProblem != "") || s.TrustProblem != w.trustProblem && w.trustProblem != "" {
					t.Errorf("#%d trust problem %q, want %q", i, s.TrustProblem, w.trustProblem)
				}
				if w.cn != "" {
					if !s.SigningTime.Equal(signedAt) || s.TimeSource != TimeFromDictionary {
						t.Errorf("#%d signing time %v from %q, want %v", i, s.SigningTime, s.TimeSource, signedAt)
					}
					if s.NotBefore.IsZero() || s.Issuer == "" || s.SerialNumber == "" {
						t.Errorf("#%d certificate details missing: %+v", i, s)
					}
				}
				for _, part := range w.summary {
					if !strings.Contains(s.Summary, part) {
						t.Errorf("#%d summary %q lacks %q", i, s.Summary, part)
					}
				}
			}
		})
	}
}

// Timestamps from a time-stamping authority: inside the signature (the
// signing time then comes from the TSA, not the signer's clock) and as a
// document timestamp appended after the signatures.
func TestVerifyTimestamps(t *testing.T) {
	tsaKey := newCert(t, "Thử nghiệm TSA", "Ban Cơ yếu (thử)", from, forever, false, nil, x509.ExtKeyUsageTimeStamping)
	stampedAt := signedAt.Add(2 * time.Minute)
	tsa := tsaServer(t, tsaKey, stampedAt)
	self := newCert(t, "Nguyễn Văn An", "UBND phường Hòa Bình", from, forever, false, nil)
	plain := unsignedPDF(t)

	withTS := signTimestamped(t, plain, self, tsa.URL)
	rep, err := Verifier{}.Verify(withTS)
	if err != nil || len(rep.Signatures) != 1 {
		t.Fatal(err, rep)
	}
	s := rep.Signatures[0]
	if !s.Valid || !s.CoversWholeFile || !s.SigningTime.Equal(stampedAt) || s.TimeSource != TimeFromTimestamp ||
		!strings.Contains(s.Summary, "ký lúc 09:17 ngày 30/11/2026 (theo dấu thời gian)") {
		t.Errorf("%+v", s)
	}

	stamped := docTimestamp(t, signPDF(t, plain, self, nil, "An"), tsa.URL)
	rep, err = Verifier{}.Verify(stamped)
	if err != nil || len(rep.Signatures) != 2 {
		t.Fatal(err, rep)
	}
	sig, ts := rep.Signatures[0], rep.Signatures[1]
	if !sig.Valid || !sig.ChangedAfterSigning || sig.LaterSignatures != 1 || sig.UnsignedChanges || sig.DocTimestamp {
		t.Errorf("signature %+v", sig)
	}
	if !ts.DocTimestamp || !ts.Valid || !ts.CoversWholeFile || ts.SignerName != "Thử nghiệm TSA" ||
		!ts.SigningTime.Equal(stampedAt) || ts.TimeSource != TimeFromTimestamp ||
		!strings.HasPrefix(ts.Summary, "Dấu thời gian của tài liệu lúc 09:17 ngày 30/11/2026: dấu thời gian hợp lệ; tài liệu không bị thay đổi") {
		t.Errorf("timestamp %+v", ts)
	}

	rep, err = Verifier{}.Verify(flip(t, stamped, "\x00C\x00o\x00n\x00g", "\x00K\x00o\x00n\x00g"))
	if err != nil || len(rep.Signatures) != 2 {
		t.Fatal(err, rep)
	}
	if ts := rep.Signatures[1]; ts.Valid || !strings.Contains(ts.Problem, "nội dung đã bị sửa") {
		t.Errorf("altered under a timestamp: %+v", ts)
	}
}

// A certificate outside its validity at the signing time: the flag the page
// uses, and the signature is not valid (the CMS check refuses it).
func TestVerifyCertValidity(t *testing.T) {
	plain := unsignedPDF(t)
	for _, tc := range []struct {
		from, to time.Time
		want     bool
	}{{from, forever, true}, {past[0], past[1], false}, {future[0], future[1], false}} {
		kp := newCert(t, "A", "B", tc.from, tc.to, false, nil)
		rep, err := Verifier{}.Verify(signPDF(t, plain, kp, nil, "x"))
		if err != nil || len(rep.Signatures) != 1 {
			t.Fatal(err, rep)
		}
		s := rep.Signatures[0]
		if s.CertValidAtSigning != tc.want || s.Valid != tc.want {
			t.Errorf("certificate %v–%v signed %v: certificate valid %v, signature valid %v (%s)", tc.from, tc.to, signedAt, s.CertValidAtSigning, s.Valid, s.Problem)
		}
	}
}

func TestVerifyNotPDF(t *testing.T) {
	plain := unsignedPDF(t)
	for name, b := range map[string][]byte{
		"empty":              nil,
		"garbage":            []byte("\x00\x01garbage bytes that are no PDF at all"),
		"HTML":               []byte("<html><body>%PDF-1.7</body></html>"),
		"header only":        []byte("%PDF-1.7\n"),
		"truncated":          plain[:len(plain)/2],
		"no startxref":       bytes.ReplaceAll(plain, []byte("startxref"), []byte("startxxxx")),
		"a PNG named as PDF": append([]byte("\x89PNG\r\n\x1a\n"), plain...),
	} {
		t.Run(name, func(t *testing.T) {
			rep, err := Verifier{}.Verify(b)
			if !errs.Is(err, errs.Invalid) || errs.CodeOf(err) != "not_pdf" || errs.Message(err) != "Tệp không phải là tệp PDF đọc được." {
				t.Fatalf("err %v", err)
			}
			if len(rep.Signatures) != 0 {
				t.Fatalf("signatures from garbage: %+v", rep.Signatures)
			}
		})
	}
}

func TestCheckByteRange(t *testing.T) {
	//            0123456789012345678
	file := []byte("abcde<0a1B>fghij\n")
	for _, tc := range []struct {
		r  []int64
		ok bool
	}{
		{[]int64{0, 5, 11, 6}, true},
		{[]int64{0, 5, 11, 5}, true},   // shorter than the file: judged by coverage, not here
		{[]int64{1, 4, 11, 6}, false},  // does not start at 0
		{[]int64{0, 4, 11, 6}, false},  // gap starts before '<': "e" unsigned
		{[]int64{0, 5, 12, 5}, false},  // gap runs past '>': "f" unsigned
		{[]int64{0, 5, 11, 7}, false},  // past the end of the file
		{[]int64{0, 5, 11}, false},     // three numbers
		{[]int64{0, 0, 11, 6}, false},  // empty first range
		{[]int64{0, 11, 5, 6}, false},  // ranges out of order
		{[]int64{0, 12, 16, 1}, false}, // gap "fghi" is not the contents string
	} {
		if ok, msg := checkByteRange(file, tc.r); ok != tc.ok || ok != (msg == "") {
			t.Errorf("%v: %v %q", tc.r, ok, msg)
		}
	}
}

func TestParsePDFDate(t *testing.T) {
	ict := time.FixedZone("", 7*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"D:20261130091500+07'00'", time.Date(2026, 11, 30, 9, 15, 0, 0, ict), true},
		{"D:20261130091500+07'00", time.Date(2026, 11, 30, 9, 15, 0, 0, ict), true},
		{"D:20261130091500+0700", time.Date(2026, 11, 30, 9, 15, 0, 0, ict), true},
		{"D:20261130091500+07", time.Date(2026, 11, 30, 9, 15, 0, 0, ict), true},
		{"D:20261130021500Z", time.Date(2026, 11, 30, 2, 15, 0, 0, time.UTC), true},
		{"D:20261130021500Z00'00'", time.Date(2026, 11, 30, 2, 15, 0, 0, time.UTC), true},
		{"D:20261130021500-05'30'", time.Date(2026, 11, 30, 2, 15, 0, 0, time.FixedZone("", -(5*3600+1800))), true},
		{"D:20261130021500", time.Date(2026, 11, 30, 2, 15, 0, 0, time.UTC), true},
		{"D:20261130", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), true},
		{"30/11/2026", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, ok := parsePDFDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("%q: %v %v, want %v", tc.in, got, ok, tc.want)
		}
	}
}

func BenchmarkVerifyTwoSignatures(b *testing.B) {
	root := newCert(b, "Root", "CA", from, forever, true, nil)
	a := newCert(b, "A", "Org", from, forever, false, &root)
	file := signPDF(b, signPDF(b, unsignedPDF(b), a, nil, "a"), a, nil, "b")
	pool := x509.NewCertPool()
	pool.AddCert(root.cert)
	v := Verifier{Roots: pool}
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(file); err != nil {
			b.Fatal(err)
		}
	}
}
