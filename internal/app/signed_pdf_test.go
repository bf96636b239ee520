package app_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"

	"dieuhanh/internal/export/pdfdoc"
)

// signingTime is when the fixture is signed: fixed, so tests pass on any date.
var signingTime = time.Date(2026, 12, 18, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// selfSignedPDF is a one-page PDF signed by a self-signed certificate for
// cn of org, as a signer's own tool would sign a document before filing it.
func selfSignedPDF(t *testing.T, cn, org string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(20261218), Subject: pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	in := bytes.NewBuffer(unsignedPDF(t))
	rdr, err := pdf.NewReader(bytes.NewReader(in.Bytes()), int64(in.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in.Bytes()), &out, rdr, int64(in.Len()), sign.SignData{
		Signature: sign.SignDataSignature{Info: sign.SignDataSignatureInfo{Name: cn, Reason: "Ban hành", Date: signingTime},
			CertType: sign.ApprovalSignature, DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms},
		Signer: key, DigestAlgorithm: crypto.SHA256, Certificate: cert,
		CertificateChains: [][]*x509.Certificate{{cert}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// unsignedPDF is a one-page PDF made by the project's own writer.
func unsignedPDF(t *testing.T) []byte {
	t.Helper()
	doc, err := pdfdoc.New(pdfdoc.Options{Title: "Cong van", Author: "UBND"})
	if err != nil {
		t.Fatal(err)
	}
	doc.Flow(pdfdoc.Text("Đề nghị các đơn vị triển khai thực hiện.", false, false, 14, pdfdoc.Left))
	var b bytes.Buffer
	if err := doc.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
