package web

import (
	"context"
	"sync"
	"time"
)

// maxCached bounds the entries of a cache (each is one page's data).
const maxCached = 512

// cache keeps computed page data by key for a TTL, then serves the stale
// value while one background computation refreshes it.
type cache struct {
	mu       sync.Mutex
	m        map[string]cached
	inflight map[string]bool
}

type cached struct {
	v  any
	at time.Time
}

// get returns the value of key, computing it when absent (ttl < 0: always).
func (c *cache) get(ctx context.Context, key string, ttl time.Duration, compute func(context.Context) (any, error)) (any, error) {
	if ttl < 0 {
		return compute(ctx)
	}
	c.mu.Lock()
	e, ok := c.m[key]
	if ok {
		if time.Since(e.at) >= ttl && !c.inflight[key] {
			c.inflight[key] = true
			go func() {
				bg, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				defer cancel()
				c.refresh(bg, key, compute)
			}()
		}
		c.mu.Unlock()
		return e.v, nil
	}
	c.mu.Unlock()
	return c.refresh(ctx, key, compute)
}

// refresh computes key and stores it.
func (c *cache) refresh(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	v, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.inflight, key)
	if err != nil {
		return nil, err
	}
	if len(c.m) >= maxCached {
		clear(c.m)
	}
	c.m[key] = cached{v, time.Now()}
	return v, nil
}
