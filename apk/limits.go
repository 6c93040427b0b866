package apk

// Limits bound every read from an archive. The zero value is not useful;
// start from DefaultLimits.
type Limits struct {
	// MaxEntry is the largest number of inflated bytes read from one entry.
	MaxEntry int64
	// MaxTotal is the inflated-bytes budget for one archive (all reads).
	MaxTotal int64
	// MaxRatio is the largest compression ratio (uncompressed/compressed)
	// accepted for an entry larger than RatioFloor bytes.
	MaxRatio   int64
	RatioFloor int64
	// MaxManifest caps AndroidManifest.xml; MaxResources caps resources.arsc.
	MaxManifest  int64
	MaxResources int64
	// MaxNestedDepth bounds APKs inside APKs (bundles count as one level).
	MaxNestedDepth int
	// MaxSplits bounds the number of split APKs in one bundle.
	MaxSplits int
}

// DefaultLimits fit every real app we know of with a wide margin: the
// largest DEX files seen in practice are around 12 MiB each.
func DefaultLimits() Limits {
	return Limits{
		MaxEntry:       256 << 20,
		MaxTotal:       2 << 30,
		MaxRatio:       200,
		RatioFloor:     16 << 20,
		MaxManifest:    8 << 20,
		MaxResources:   128 << 20,
		MaxNestedDepth: 2,
		MaxSplits:      256,
	}
}
