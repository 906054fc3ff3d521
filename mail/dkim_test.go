package mail_test

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

// dkimKey returns a private key as PEM and the TXT record that would
// publish its public half.
func dkimKey(t *testing.T, kind string) (pemBytes []byte, txt string) {
	t.Helper()
	var (
		priv crypto.Signer
		pub  []byte
		k    string
		err  error
	)
	switch kind {
	case "rsa":
		var key *rsa.PrivateKey
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		priv, k = key, "rsa"
		if err == nil {
			pub, err = x509.MarshalPKIXPublicKey(&key.PublicKey)
		}
	case "ed25519":
		var pk ed25519.PublicKey
		pk, priv, err = ed25519.GenerateKey(rand.Reader)
		pub, k = pk, "ed25519" // RFC 8463: the raw 32-byte key
	}
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pemBytes = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	return pemBytes, fmt.Sprintf("v=DKIM1; k=%s; p=%s", k, base64.StdEncoding.EncodeToString(pub))
}

// verifyDKIM checks data's signatures with go-msgauth, an implementation
// independent of the signer, against the given published record.
func verifyDKIM(data []byte, txt string) ([]*dkim.Verification, error) {
	lookup := func(domain string) ([]string, error) {
		if domain != "fb2026._domainkey.flashback.example" {
			return nil, fmt.Errorf("no TXT record for %s", domain)
		}
		return []string{txt}, nil
	}
	return dkim.VerifyWithOptions(bytes.NewReader(data), &dkim.VerifyOptions{LookupTXT: lookup})
}

func TestDKIM(t *testing.T) {
	for _, kind := range []string{"rsa", "ed25519"} {
		t.Run(kind, func(t *testing.T) {
			pemBytes, txt := dkimKey(t, kind)
			sink := smtpsink.StartT(t, smtpsink.Options{})
			s := newSender(t, sink, mail.Options{DKIM: &mail.DKIMOptions{
				Domain: "flashback.example", Selector: "fb2026", PrivateKeyPEM: pemBytes,
			}})
			// A confirmation mail has no List-* fields; the signature still
			// names them so that they cannot be added on the way.
			confirm := digest("")
			confirm.Headers = nil
			send(t, s, confirm)
			send(t, s, digest(""))
			got, err := sink.WaitFor(2, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range got {
				vs, err := verifyDKIM(r.Data, txt)
				if err != nil || len(vs) != 1 || vs[0].Err != nil {
					t.Fatalf("message %d: verification = %v, %v; want one valid signature", i, vs, err)
				}
				if vs[0].Domain != "flashback.example" {
					t.Errorf("d= %q", vs[0].Domain)
				}
				for _, h := range []string{"from", "to", "subject", "date", "message-id",
					"list-id", "list-unsubscribe", "list-unsubscribe-post"} {
					if !slices.ContainsFunc(vs[0].HeaderKeys, func(k string) bool { return strings.EqualFold(k, h) }) {
						t.Errorf("signature does not cover %s: h=%v", h, vs[0].HeaderKeys)
					}
				}
			}

			// The signature must break when a signed header changes.
			data := got[1].Data
			tampered := bytes.Replace(data, []byte("List-Unsubscribe: <https://flashback.example/"),
				[]byte("List-Unsubscribe: <https://evil.example/"), 1)
			if bytes.Equal(tampered, data) {
				t.Fatal("test did not tamper with the message")
			}
			vs, err := verifyDKIM(tampered, txt)
			if err != nil || len(vs) != 1 || vs[0].Err == nil {
				t.Errorf("tampered message verified: %v, %v", vs, err)
			}
		})
	}
}

func TestDKIMRejectsBadKey(t *testing.T) {
	_, err := mail.New("", mail.Options{OutboxDir: t.TempDir(), DKIM: &mail.DKIMOptions{
		Domain: "flashback.example", Selector: "fb", PrivateKeyPEM: []byte("not a key"),
	}})
	if err == nil {
		t.Fatal("New accepted a DKIM key that is not PEM")
	}
}
