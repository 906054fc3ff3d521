package postgres

import "flashback"

// deskTx is a write transaction as the desk operations the domain defines
// (flashback.ApplyEdit and its kin) see it; they decide what is written,
// its methods write it.
type deskTx struct{ *Tx }

var _ flashback.DeskTx = deskTx{}
