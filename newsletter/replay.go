package newsletter

import "fmt"

// openLog replays the journals of dead processes (this instance's earlier
// runs among them) and opens the pass's own; see flashback.OutcomeJournal.
func (p *pass) openLog() error {
	if p.sc.Journal == nil {
		return nil
	}
	if err := p.replay(); err != nil {
		return err
	}
	log, err := p.sc.Journal.Open(p.sc.Instance)
	if err != nil {
		return fmt.Errorf("open outcome journal: %w", err)
	}
	p.log = log
	return nil
}

// replay applies the journals no running process holds. It runs before
// every claim, not only the first: a claim may take over the claims of an
// instance that died during this pass, and the outcomes in its journal
// must reach the ledger first, or their digests would be sent again.
func (p *pass) replay() error {
	if p.sc.Journal == nil {
		return nil
	}
	if err := p.sc.Journal.Replay(p.work, p.sc.Service.Deliveries.CompleteDeliveries); err != nil {
		return fmt.Errorf("replay outcome journals: %w", err)
	}
	return nil
}

// closeLog closes the pass's journal once its outcomes are applied (or
// could not be: then it stays for the next pass's replay).
func (p *pass) closeLog() error {
	if p.log == nil {
		return nil
	}
	if err := p.log.Close(); err != nil {
		return fmt.Errorf("close outcome journal: %w", err)
	}
	return nil
}
