package web

import (
	"context"

	"github.com/apkscan/apkscan/store"
)

// maxCounted caps the matches an app list counts when no counter gives
// the number (several filters combined, the name filter, a list filter):
// past it the page says "10000+" and lists the first maxCounted only, so
// that a request walks at most about that many matches.
const maxCounted = 10_000

// listApps is the data source of /apps and /api/apps: the page of apps,
// the number of matches (at most maxCounted when capped) and whether it
// was capped.
func (s *server) listApps(ctx context.Context, f store.AppFilter, p paging) ([]store.AppRow, int, bool, error) {
	return s.st.ListAppsCapped(ctx, f, p.offset(), p.Per, maxCounted)
}
