package sdkdb

import (
	"sync"
	"testing"
)

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Default()
			if err != nil {
				t.Error(err)
				return
			}
			m := db.Matcher()
			for _, c := range syntheticClasses(2000) {
				m.MatchClass(c)
			}
			m.MatchHost("api.segment.io")
			db.ResolveVendor("Google LLC", nil)
		}()
	}
	wg.Wait()
}
