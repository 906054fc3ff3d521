package newsletter

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"sync"

	"flashback"
)

// Link tokens.
//
// A confirmation token is 32 random bytes; only its SHA-256 is stored, so a
// copy of the database cannot confirm anyone.
//
// Manage and unsubscribe tokens go into every digest, so they must be
// reproducible. Rather than store a second secret per subscriber, they are
// signed: base64url(id ‖ generation ‖ HMAC-SHA256(key, purpose ‖ id ‖
// generation)[:16]). The key is a server secret kept in the database (so all
// instances agree and a restart keeps links valid); raising a subscriber's
// token generation revokes every link they were sent. 128 bits of MAC make
// them as unguessable as random tokens.

// Token purposes; a manage token does not work as an unsubscribe token.
const (
	purposeManage      = "manage"
	purposeUnsubscribe = "unsubscribe"
)

const macBytes = 16

var b64 = base64.RawURLEncoding

// tokens signs and checks link tokens with one key.
type tokens struct {
	key []byte
	// macs are HMACs with key (hash.Hash), kept for reuse: keying one
	// costs as much as a MAC, and every digest carries two tokens.
	macs sync.Pool
}

// newConfirmToken returns a random token and the hash to store.
func newConfirmToken() (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24
	tok := b64.EncodeToString(b)
	return tok, hashToken(tok)
}

// hashToken is what the store keeps of a confirmation token.
func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func (t *tokens) sign(purpose string, id, gen int64) string {
	buf := make([]byte, 16, 16+macBytes)
	binary.BigEndian.PutUint64(buf[:8], uint64(id))
	binary.BigEndian.PutUint64(buf[8:], uint64(gen))
	return b64.EncodeToString(append(buf, t.mac(purpose, buf)...))
}

func (t *tokens) mac(purpose string, idGen []byte) []byte {
	m, _ := t.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, t.key)
	}
	defer t.macs.Put(m)
	m.Reset()
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write(idGen)
	return m.Sum(nil)[:macBytes]
}

// verify returns the subscriber ID and generation a token was signed for.
func (t *tokens) verify(purpose, tok string) (id, gen int64, err error) {
	raw, derr := b64.DecodeString(tok)
	if derr != nil || len(raw) != 16+macBytes || !hmac.Equal(raw[16:], t.mac(purpose, raw[:16])) {
		return 0, 0, badLink()
	}
	return int64(binary.BigEndian.Uint64(raw[:8])), int64(binary.BigEndian.Uint64(raw[8:16])), nil
}

// badLink is the one answer to every wrong, altered or revoked link, so that
// links cannot be probed.
func badLink() error {
	return flashback.Errorf(flashback.ENOTFOUND, "This link is not valid (any more). Use the link in your most recent digest, or subscribe again.")
}

// ManageToken returns the token of the subscriber's manage page.
func (s *Service) ManageToken(sub *flashback.Subscriber) string {
	return s.tok.sign(purposeManage, sub.ID, sub.TokenGeneration)
}

// UnsubscribeToken returns the token of the subscriber's one-click link.
func (s *Service) UnsubscribeToken(sub *flashback.Subscriber) string {
	return s.tok.sign(purposeUnsubscribe, sub.ID, sub.TokenGeneration)
}
