package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"flashback"
	"flashback/editorial"
)

const userUsage = `Usage:
  flashback user add -email ADDRESS -name NAME [-role editor|admin]
  flashback user passwd -email ADDRESS

The password is read from the terminal without echo, or as the first line
of standard input when that is not a terminal.
`

// runUser adds editors and administrators and changes their passwords.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd") {
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("%w: flashback user add|passwd", ErrUsage)
	}
	verb := args[0]
	var email, name, role string
	cfg, _, err := parseConfig("user "+verb, args[1:], getenv, stderr, 0, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's e-mail address (their login)")
		if verb == "add" {
			fs.StringVar(&name, "name", "", "the name shown to other editors")
			fs.StringVar(&role, "role", string(flashback.RoleEditor), "editor (content, reports, inbox) or admin (also users)")
		}
		fs.Usage = func() { fmt.Fprint(fs.Output(), userUsage); printFlags(fs, "user "+verb) }
	})
	if err != nil {
		return err
	}
	if email == "" || (verb == "add" && name == "") {
		return fmt.Errorf("%w: -email%s is required", ErrUsage, map[bool]string{true: " and -name are", false: ""}[verb == "add"])
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	st, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	users := st.Users
	if verb == "passwd" {
		if err := editorial.SetPassword(ctx, users, email, password); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "password changed for %s; their sessions were ended\n", email)
		return nil
	}
	u, err := editorial.AddUser(ctx, users, email, name, flashback.Role(role), password)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "added %s <%s> as %s; sign in at /admin\n", u.Name, u.Email, u.Role)
	return nil
}

// userError shows a domain error's safe message rather than its wrapping.
func userError(err error) error {
	if code := flashback.ErrorCode(err); code != flashback.EINTERNAL {
		return errors.New(flashback.ErrorMessage(err))
	}
	return err
}

// readPassword reads a password without echo from a terminal, or the first
// line of a pipe (for scripts).
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("%w: no password given on standard input", ErrUsage)
	}
	return line, nil
}

// runLint checks every event's text against its date record and exits
// non-zero when any contradiction is an error.
func runLint(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("lint", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	st, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	errs, warns, err := editorial.LintCorpus(ctx, st.Events, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d errors, %d warnings\n", errs, warns)
	if errs > 0 {
		return fmt.Errorf("lint found %d errors", errs)
	}
	return nil
}
