package flashback

import (
	"sync"
	"time"
)

// ZoneCache keeps the zones LoadZone has loaded: time.LoadLocation reads and
// parses a file each time, while a delivery pass or a busy page asks for the
// same few hundred zones again and again. Only names that loaded are kept,
// so the map stays small whatever names it is asked for. The zero value is
// ready to use.
type ZoneCache struct {
	mu    sync.RWMutex
	zones map[string]*time.Location
}

// Load returns the zone name through LoadZone, once per name.
func (c *ZoneCache) Load(name string) (*time.Location, error) {
	c.mu.RLock()
	loc, ok := c.zones[name]
	c.mu.RUnlock()
	if ok {
		return loc, nil
	}
	loc, err := LoadZone(name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.zones == nil {
		c.zones = map[string]*time.Location{}
	}
	c.zones[name] = loc
	c.mu.Unlock()
	return loc, nil
}
