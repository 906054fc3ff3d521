package sqlite

import (
	"sync"
	"time"

	"flashback"
)

// zoneCache keeps loaded time zones: time.LoadLocation reads and parses a
// file each time, and a delivery pass asks for the same few hundred zones
// hundreds of thousands of times.
type zoneCache struct {
	mu sync.Mutex
	m  map[string]*time.Location
}

func (c *zoneCache) load(name string) (*time.Location, error) {
	c.mu.Lock()
	loc, ok := c.m[name]
	c.mu.Unlock()
	if ok {
		return loc, nil
	}
	loc, err := flashback.LoadZone(name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*time.Location{}
	}
	c.m[name] = loc
	c.mu.Unlock()
	return loc, nil
}
