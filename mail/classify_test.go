package mail

import (
	"errors"
	"io"
	"net/textproto"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name          string
		stage         stage
		err           error
		wantCode      int
		wantEnhanced  string
		wantTemporary bool
	}{
		{"RcptUnknownUser", stageRcpt, &textproto.Error{Code: 550, Msg: "5.1.1 no such user"}, 550, "5.1.1", false},
		{"DataRejected", stageData, &textproto.Error{Code: 554, Msg: "5.7.1 spam"}, 554, "5.7.1", false},
		{"RcptGreylisted", stageRcpt, &textproto.Error{Code: 450, Msg: "4.2.0 try later"}, 450, "4.2.0", true},
		{"SenderRefusedIsOurProblem", stageMail, &textproto.Error{Code: 553, Msg: "5.7.1 sender not allowed"}, 553, "5.7.1", true},
		{"AuthFailedIsOurProblem", stageDial, &textproto.Error{Code: 535, Msg: "5.7.8 bad credentials"}, 535, "5.7.8", true},
		{"NoEnhancedCode", stageRcpt, &textproto.Error{Code: 550, Msg: "mailbox unavailable"}, 550, "", false},
		{"ConnectionLost", stageData, io.ErrUnexpectedEOF, 0, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			se := classify(tc.stage, tc.err)
			if se.Code != tc.wantCode || se.Enhanced != tc.wantEnhanced || se.Temporary != tc.wantTemporary {
				t.Errorf("got %d %q temporary=%v, want %d %q %v",
					se.Code, se.Enhanced, se.Temporary, tc.wantCode, tc.wantEnhanced, tc.wantTemporary)
			}
			if !errors.Is(se, tc.err) {
				t.Errorf("%v does not wrap %v", se, tc.err)
			}
		})
	}
}

func TestEnhancedCode(t *testing.T) {
	tests := map[string]string{
		"5.1.1 User unknown": "5.1.1",
		"4.7.10 greylisted":  "4.7.10",
		"2.0.0 OK":           "2.0.0",
		"":                   "",
		"User unknown":       "",
		"5.1 short":          "",
		"5..1 empty":         "",
		"5.1.1.":             "",
		"9.1.1 bad class":    "",
	}
	for in, want := range tests {
		if got := enhancedCode(in); got != want {
			t.Errorf("enhancedCode(%q) = %q, want %q", in, got, want)
		}
	}
}
