//go:build !unix

package sqlite

import "os"

// Elsewhere there is no flock: restore cannot tell that a server has the
// database open, and says so in its documentation rather than pretend.
func flock(*os.File, bool) error { return nil }

func ownLike(string, string) error { return nil }

// Nor can outcome journals tell a live process's journal from a dead
// one's; Flashback delivers digests on unix systems only.
func flockWait(*os.File) error { return nil }
