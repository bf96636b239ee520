// Package signedpdf reads the digital signatures embedded in a PDF (a signed
// document uploaded back after the leader and the organisation signed it with
// their VGCA certificates) and reports, per signature, who signed, when, with
// which certificate, whether the signature is cryptographically valid, whether
// the file changed after signing, and whether the certificate chains to a
// root the caller trusts. It never modifies the file.
//
// The cryptographic check (the CMS/PKCS#7 signature over the signed byte
// ranges, the message digest, an embedded RFC 3161 timestamp's hash) is done by
// github.com/digitorus/pdfsign/verify. Around it this package adds what that
// package leaves out and a ward needs to show on a document's page:
//   - a file without signatures is an empty report, not an error;
//   - a signature whose CMS blob cannot be parsed is reported as invalid
//     instead of being skipped;
//   - the byte range is checked structurally: it starts at 0, its gap holds
//     exactly the /Contents hex string, and how much of the file it covers
//     (bytes after it are later incremental updates: changed after signing);
//   - a document timestamp (/Type /DocTimeStamp, ETSI.RFC3161), which the
//     library checks like a signature and so always fails, is checked as a
//     time-stamp token whose message imprint is the hash of the signed bytes;
//   - the certificate chain is checked against a caller-supplied root pool (never
//     the operating system's roots, which do not include the Vietnamese
//     government's CAs and would make the answer depend on the server), at the
//     signing time rather than at the wall clock.
//
// It does not fetch revocation data (OCSP/CRL) and does not diff the objects of
// later revisions (a later revision made to add a signature is reported as such
// by byte positions only).
package signedpdf

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/verify"
	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"

	"dieuhanh/internal/errs"
)

// Verifier holds what the caller trusts. The zero value trusts no root: every
// signature's origin is then reported as not verifiable, while its integrity is
// still checked.
type Verifier struct {
	// Roots are the trusted root certificates (e.g. the Ban Cơ yếu Chính phủ
	// root CAs). Nil trusts none; the system pool is never used.
	Roots *x509.CertPool
	// Intermediates are extra intermediate CAs, added to those embedded in
	// each signature.
	Intermediates *x509.CertPool
	// Now is the time at which a chain is checked when a signature carries no
	// signing time at all (the caller passes its injected clock).
	Now time.Time
}

// TimeSource tells where a signature's signing time comes from.
type TimeSource string

const (
	// TimeFromTimestamp: an RFC 3161 timestamp token embedded in the
	// signature (a time-stamping authority's clock).
	TimeFromTimestamp TimeSource = "timestamp"
	// TimeFromDictionary: the /M entry of the signature dictionary, inside the
	// signed bytes but written from the signer's computer clock (what PDF
	// readers display when there is no timestamp).
	TimeFromDictionary TimeSource = "signature_dictionary"
	// TimeFromSignedAttribute: the CMS signingTime attribute, also the
	// signer's clock; used when the dictionary has no /M.
	TimeFromSignedAttribute TimeSource = "cms_signing_time"
	// TimeUnknown: the signature states no time.
	TimeUnknown TimeSource = ""
)

// Report lists the signatures of one file in signing order (the revision each
// one closes, earliest first).
type Report struct {
	Size       int64
	Signatures []Signature
}

// Signature is what one embedded signature says and what was checked.
type Signature struct {
	// Name, Reason and Location are the signature dictionary's own entries as
	// the signing tool wrote them (not verified).
	Name, Reason, Location string
	// DocTimestamp marks a document timestamp (/Type /DocTimeStamp) rather than
	// a person's or organisation's signature.
	DocTimestamp bool
	SubFilter    string

	// SignerName and SignerOrganization come from the signing certificate's
	// subject (common name, organization); Issuer is the issuing CA's common
	// name (or its full name when it has none).
	SignerName         string
	SignerOrganization string
	Issuer             string
	SerialNumber       string // hexadecimal
	NotBefore          time.Time
	NotAfter           time.Time
	SelfSigned         bool

	SigningTime time.Time
	TimeSource  TimeSource

	// Valid: the signature value verifies over exactly the bytes its byte
	// range declares, and the byte range is well formed. False means the
	// signed content was altered (or the signature is damaged).
	Valid bool
	// Problem explains Valid == false, in Vietnamese.
	Problem string

	// SignedBytes is how many bytes of the file the signature's revision
	// ends at; CoversWholeFile is true when nothing but whitespace follows.
	SignedBytes     int64
	CoversWholeFile bool
	// ChangedAfterSigning: the file was extended by incremental updates after
	// this signature (!CoversWholeFile). LaterSignatures counts the
	// signatures among those updates (a seal after a personal signature);
	// UnsignedChanges is true when some update is not followed by any
	// signature, i.e. bytes after the last signature.
	ChangedAfterSigning bool
	LaterSignatures     int
	UnsignedChanges     bool

	// Trusted: the certificate chains to one of Verifier.Roots at the signing
	// time. TrustProblem explains Trusted == false, in Vietnamese.
	Trusted      bool
	TrustProblem string
	// CertValidAtSigning: the signing time lies within NotBefore–NotAfter.
	CertValidAtSigning bool

	// Summary is one Vietnamese line for the document page.
	Summary string
}

// vnZone is Vietnam's time (UTC+7 all year, no daylight saving), used to
// print signing times the way the signer saw them.
var vnZone = time.FixedZone("ICT", 7*3600)

// Verify reads every signature of pdfBytes. A PDF without signatures gives an
// empty report; bytes that are not a readable PDF give an *errs.Error of kind
// Invalid.
func (v Verifier) Verify(pdfBytes []byte) (Report, error) {
	rep := Report{Size: int64(len(pdfBytes))}
	if !bytes.HasPrefix(pdfBytes, []byte("%PDF-")) {
		return rep, notPDF(errors.New("missing %PDF- header"))
	}
	found, err := readSignatureDicts(pdfBytes)
	if err != nil {
		return rep, notPDF(err)
	}
	if len(found) == 0 {
		return rep, nil
	}
	if err := attachLibraryResults(pdfBytes, found); err != nil {
		return rep, err
	}
	for i := range found {
		rep.Signatures = append(rep.Signatures, v.assess(pdfBytes, &found[i]))
	}
	sort.SliceStable(rep.Signatures, func(i, j int) bool {
		return rep.Signatures[i].SignedBytes < rep.Signatures[j].SignedBytes
	})
	markLaterChanges(rep.Signatures, trimmedLen(pdfBytes))
	for i := range rep.Signatures {
		rep.Signatures[i].Summary = summary(&rep.Signatures[i])
	}
	return rep, nil
}

func notPDF(cause error) error {
	return &errs.Error{Kind: errs.Invalid, Code: "not_pdf",
		Message: "Tệp không phải là tệp PDF đọc được.", Err: cause}
}

// sigDict is one signature dictionary as found in the file, with what the
// library and our own parse said about it.
type sigDict struct {
	name, reason, location, subFilter string
	docTimestamp                      bool
	byteRange                         []int64
	claimed                           *time.Time // /M
	p7Raw                             []byte     // the /Contents bytes
	p7                                *pkcs7.PKCS7
	parseErr                          error
	lib                               *verify.Signer
	libErr                            string
}

// readSignatureDicts walks the objects exactly as verify.VerifyWithOptions
// does (same reader, same order, same filter), so that its results can be
// matched to ours one to one. The PDF parser panics on some malformed input:
// that becomes an error.
func readSignatureDicts(b []byte) (out []sigDict, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	for _, x := range rdr.Xref() {
		d := rdr.Resolve(x.Ptr(), x.Ptr())
		if d.Key("Filter").Name() != "Adobe.PPKLite" {
			continue
		}
		s := sigDict{
			name:         d.Key("Name").Text(),
			reason:       d.Key("Reason").Text(),
			location:     d.Key("Location").Text(),
			subFilter:    d.Key("SubFilter").Name(),
			docTimestamp: d.Key("Type").Name() == "DocTimeStamp",
		}
		br := d.Key("ByteRange")
		for i := 0; i < br.Len(); i++ {
			s.byteRange = append(s.byteRange, br.Index(i).Int64())
		}
		if m := d.Key("M"); !m.IsNull() {
			if t, ok := parsePDFDate(m.Text()); ok {
				s.claimed = &t
			}
		}
		s.p7Raw = []byte(d.Key("Contents").RawString())
		s.p7, s.parseErr = pkcs7.Parse(s.p7Raw)
		out = append(out, s)
	}
	return out, nil
}

// attachLibraryResults runs the library and pairs its signers with our
// dictionaries. The library silently skips a signature whose CMS blob does not
// parse; we skip the same ones, so the remaining sequences line up. Any other
// mismatch is a bug to surface, not to guess around.
func attachLibraryResults(b []byte, found []sigDict) error {
	opts := verify.DefaultVerifyOptions()
	// The chain is judged here against the caller's roots; the library's
	// judgement (system roots) is not used, nor any network lookup.
	opts.EnableExternalRevocationCheck = false
	resp, err := verify.VerifyWithOptions(bytes.NewReader(b), int64(len(b)), opts)
	if err != nil {
		// E.g. signature dictionaries without /SigFlags in the AcroForm: the
		// library refuses the file; every signature stays unverified.
		for i := range found {
			found[i].libErr = err.Error()
		}
		return nil
	}
	var parsed []int
	for i := range found {
		if found[i].parseErr == nil {
			parsed = append(parsed, i)
		}
	}
	if len(parsed) != len(resp.Signers) {
		return errs.Wrap(fmt.Errorf("signedpdf: %d parsed signatures, verify returned %d", len(parsed), len(resp.Signers)), "verify signatures")
	}
	for k, i := range parsed {
		// The library stops filling a signer in at the first failure, so
		// certificates are compared only when it got that far.
		ls := resp.Signers[k]
		if ls.Name != found[i].name || len(ls.Certificates) > 0 &&
			(len(ls.Certificates) != len(found[i].p7.Certificates) || !ls.Certificates[0].Certificate.Equal(found[i].p7.Certificates[0])) {
			return errs.Wrap(fmt.Errorf("signedpdf: signature %d does not match verify's signer %d", i, k), "verify signatures")
		}
		found[i].lib = &resp.Signers[k]
	}
	// resp.Error holds only the first problem of the whole file; per
	// signature, ValidSignature is what counts.
	return nil
}

func (v Verifier) assess(b []byte, d *sigDict) Signature {
	s := Signature{
		Name: d.name, Reason: d.reason, Location: d.location,
		SubFilter: d.subFilter, DocTimestamp: d.docTimestamp,
	}
	rangeOK, rangeProblem := checkByteRange(b, d.byteRange)
	if len(d.byteRange) == 4 {
		s.SignedBytes = d.byteRange[2] + d.byteRange[3]
	}

	var cert *x509.Certificate
	if d.p7 != nil {
		cert = d.p7.GetOnlySigner()
		if cert == nil && len(d.p7.Certificates) > 0 {
			cert = d.p7.Certificates[0]
		}
	}
	if cert != nil {
		s.SignerName = cert.Subject.CommonName
		s.SignerOrganization = strings.Join(cert.Subject.Organization, ", ")
		s.Issuer = cert.Issuer.CommonName
		if s.Issuer == "" {
			s.Issuer = cert.Issuer.String()
		}
		s.SerialNumber = fmt.Sprintf("%X", cert.SerialNumber)
		s.NotBefore, s.NotAfter = cert.NotBefore, cert.NotAfter
		// CheckSignatureFrom would refuse a non-CA issuer; a self-signed
		// personal certificate is exactly that.
		s.SelfSigned = bytes.Equal(cert.RawIssuer, cert.RawSubject) &&
			cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature) == nil
	}

	switch {
	case d.lib != nil && d.lib.TimeStamp != nil && !d.lib.TimeStamp.Time.IsZero():
		s.SigningTime, s.TimeSource = d.lib.TimeStamp.Time, TimeFromTimestamp
	case d.claimed != nil:
		s.SigningTime, s.TimeSource = *d.claimed, TimeFromDictionary
	case d.p7 != nil:
		var t time.Time
		if err := d.p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &t); err == nil && !t.IsZero() {
			s.SigningTime, s.TimeSource = t, TimeFromSignedAttribute
		}
	}

	switch {
	case d.parseErr != nil:
		s.Problem = "không đọc được dữ liệu chữ ký (chữ ký bị hỏng hoặc bị sửa)"
	case !rangeOK:
		s.Problem = rangeProblem
	case d.docTimestamp:
		// The library checks a document timestamp like a signature and
		// always fails it: its token signs the TSTInfo, whose message
		// imprint is the hash of the signed bytes.
		var ts *timestamp.Timestamp
		ts, s.Problem = checkDocTimestamp(b, d)
		if ts != nil {
			s.SigningTime, s.TimeSource = ts.Time, TimeFromTimestamp
		}
		s.Valid = s.Problem == ""
	case d.lib == nil:
		s.Problem = "không kiểm tra được chữ ký: tệp không khai báo chữ ký trong biểu mẫu (AcroForm/SigFlags)"
	case !d.lib.ValidSignature:
		s.Problem = explainInvalid(b, d)
	default:
		s.Valid = true
	}

	if cert != nil {
		v.checkTrust(&s, cert, d.p7)
	} else {
		s.TrustProblem = "không có chứng thư số của người ký"
	}
	return s
}

// explainInvalid says why the library found the signature invalid, by
// repeating its CMS check on our own parse (the library keeps only the first
// error of the whole file). The CMS check refuses, in this order: a digest
// that does not match the signed bytes, a CMS signing time outside the
// certificate's validity, a signature value that does not match the
// certificate.
func explainInvalid(b []byte, d *sigDict) string {
	r := d.byteRange
	d.p7.Content = append(bytes.Clone(b[r[0]:r[0]+r[1]]), b[r[2]:r[2]+r[3]]...)
	err := d.p7.Verify()
	var mismatch *pkcs7.MessageDigestMismatchError
	if errors.As(err, &mismatch) {
		return "chữ ký không khớp với nội dung: nội dung đã bị sửa sau khi ký"
	}
	var at time.Time
	if cert := d.p7.GetOnlySigner(); cert != nil &&
		d.p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &at) == nil &&
		(at.Before(cert.NotBefore) || at.After(cert.NotAfter)) {
		return "chứng thư số không có hiệu lực vào thời điểm ký"
	}
	return "chữ ký bị hỏng hoặc không khớp với chứng thư số"
}

// checkDocTimestamp verifies a document timestamp (ETSI.RFC3161): the token's
// own CMS signature (timestamp.Parse checks it when the TSA certificate is
// embedded) and its message imprint against the signed bytes.
func checkDocTimestamp(b []byte, d *sigDict) (*timestamp.Timestamp, string) {
	ts, err := timestamp.Parse(d.p7Raw)
	if err != nil {
		return nil, "dấu thời gian bị hỏng hoặc không khớp với chứng thư của đơn vị cấp dấu thời gian"
	}
	if !ts.HashAlgorithm.Available() {
		return ts, "dấu thời gian dùng thuật toán băm không hỗ trợ"
	}
	r := d.byteRange
	h := ts.HashAlgorithm.New()
	h.Write(b[r[0] : r[0]+r[1]])
	h.Write(b[r[2] : r[2]+r[3]])
	if !bytes.Equal(h.Sum(nil), ts.HashedMessage) {
		return ts, "dấu thời gian không khớp với nội dung: nội dung đã bị sửa sau khi đóng dấu thời gian"
	}
	return ts, ""
}

// checkByteRange checks the structure PAdES requires: two ranges, the first
// from 0, the gap between them exactly the /Contents hex string "<…>", all
// inside the file. A range that skips other bytes would leave them unsigned.
func checkByteRange(b []byte, r []int64) (bool, string) {
	n := int64(len(b))
	if len(r) != 4 {
		return false, "vùng dữ liệu được ký (ByteRange) không hợp lệ"
	}
	if r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2]+r[3] > n {
		return false, "vùng dữ liệu được ký (ByteRange) không hợp lệ hoặc vượt quá tệp"
	}
	gap := b[r[1]:r[2]]
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false, "vùng dữ liệu được ký bỏ sót nội dung ngoài chữ ký"
	}
	for _, c := range gap[1 : len(gap)-1] {
		if !isHex(c) && !isSpace(c) {
			return false, "vùng dữ liệu được ký bỏ sót nội dung ngoài chữ ký"
		}
	}
	return true, ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// trimmedLen is the file length without trailing whitespace: a newline after
// the last %%EOF changes nothing a reader shows.
func trimmedLen(b []byte) int64 {
	n := len(b)
	for n > 0 && isSpace(b[n-1]) {
		n--
	}
	return int64(n)
}

// markLaterChanges sets the coverage fields from the signatures' end offsets
// (sigs sorted by SignedBytes).
func markLaterChanges(sigs []Signature, end int64) {
	var lastEnd int64
	for _, s := range sigs {
		if s.SignedBytes > lastEnd {
			lastEnd = s.SignedBytes
		}
	}
	unsigned := lastEnd < end
	for i := range sigs {
		s := &sigs[i]
		s.CoversWholeFile = s.SignedBytes >= end
		s.ChangedAfterSigning = !s.CoversWholeFile
		if !s.ChangedAfterSigning {
			continue
		}
		for _, o := range sigs {
			if o.SignedBytes > s.SignedBytes {
				s.LaterSignatures++
			}
		}
		s.UnsignedChanges = unsigned
	}
}

func (v Verifier) checkTrust(s *Signature, cert *x509.Certificate, p7 *pkcs7.PKCS7) {
	at := s.SigningTime
	if at.IsZero() {
		at = v.Now
	}
	if !at.IsZero() {
		s.CertValidAtSigning = !at.Before(cert.NotBefore) && !at.After(cert.NotAfter)
	}
	roots := v.Roots
	if roots == nil {
		roots = x509.NewCertPool() // nil would mean the system roots
	}
	inter := x509.NewCertPool()
	if v.Intermediates != nil {
		inter = v.Intermediates.Clone()
	}
	for _, c := range p7.Certificates {
		if !c.Equal(cert) {
			inter.AddCert(c)
		}
	}
	_, err := cert.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: at,
		// Signing certificates carry various extended key usages (document
		// signing, e-mail protection, client auth, none): not judged here.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err == nil {
		s.Trusted = true
		return
	}
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		// Reason Expired covers "not yet valid" as well.
		s.TrustProblem = "chứng thư số không có hiệu lực vào thời điểm ký"
	case s.SelfSigned:
		s.TrustProblem = "không xác minh được nguồn gốc chứng thư (chứng thư tự ký)"
	default:
		s.TrustProblem = "không xác minh được nguồn gốc chứng thư"
	}
}

// parsePDFDate reads a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" with the optional
// parts the format allows (seconds, minutes, offset, apostrophes, "Z"
// followed by a zero offset). Without an offset the time is taken as UTC.
func parsePDFDate(s string) (time.Time, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	s = strings.ReplaceAll(s, "'", "")
	if i := strings.IndexByte(s, 'Z'); i >= 0 {
		s = s[:i+1] // "Z00'00'" means UTC as well
	}
	for _, layout := range []string{
		"20060102150405Z0700", "20060102150405Z07", "200601021504Z0700", "20060102150405",
		"200601021504", "2006010215", "20060102",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
