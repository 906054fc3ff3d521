package auth

import (
	"strings"
	"testing"
)

// cheap keeps tests fast; the format and checks are the same as the default.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashAndCheck(t *testing.T) {
	h, err := cheap.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash = %q, want the encoded argon2id form", h)
	}
	h2, _ := cheap.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	cases := []struct {
		name string
		pw   string
		want bool
	}{
		{"Right", "correct horse battery", true},
		{"Wrong", "correct horse batterY", false},
		{"Empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, err := CheckPassword(h, c.pw)
			if err != nil || ok != c.want {
				t.Errorf("CheckPassword = %v, %v; want %v", ok, err, c.want)
			}
		})
	}
}

func TestDefaultParamsHash(t *testing.T) {
	h, err := HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := CheckPassword(h, "a long enough password"); !ok {
		t.Error("default-cost hash does not check")
	}
	if ok, err := CheckPassword(dummyHash, "anything"); ok || err != nil {
		t.Errorf("dummy hash check = %v, %v; want a well-formed mismatch", ok, err)
	}
}

func TestCheckPasswordRefusesBadHashes(t *testing.T) {
	for name, h := range map[string]string{
		"Empty":       "",
		"Bcrypt":      "$2a$10$abcdefghijklmnopqrstuu",
		"Argon2i":     "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5",
		"OldVersion":  "$argon2id$v=16$m=64,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5",
		"HugeMemory":  "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5",
		"ZeroThreads": "$argon2id$v=19$m=64,t=1,p=0$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5",
		"BadSalt":     "$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
		"ShortKey":    "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5",
	} {
		t.Run(name, func(t *testing.T) {
			if ok, err := CheckPassword(h, "x"); ok || err == nil {
				t.Errorf("CheckPassword(%q) = %v, %v; want an error", h, ok, err)
			}
		})
	}
}

func TestPasswordPolicy(t *testing.T) {
	if err := CheckPasswordPolicy("short"); err == nil {
		t.Error("a 5-character password passed")
	}
	if err := CheckPasswordPolicy(strings.Repeat("x", MaxPasswordLen+1)); err == nil {
		t.Error("an over-long password passed")
	}
	if err := CheckPasswordPolicy("ten chars!"); err != nil {
		t.Errorf("a 10-character password failed: %v", err)
	}
}
