package connectome

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// Targets (issue 2): ReadFieldDir on 9_3_2 ≤ 50 ms, BioInit at N = 632
// ≤ 100 ms, Synthetic at N = 312 ≤ 1 s.

func BenchmarkReadFieldDir932(b *testing.B) {
	dir := testutil.MicronsField(b, "9_3_2")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadFieldDir(dir); err != nil {
			require.NoError(b, err)
		}
	}
}

func BenchmarkBioInit632(b *testing.B) {
	f, err := ReadFieldDir(testutil.MicronsField(b, "9_3_2"))
	require.NoError(b, err)
	cfg := DefaultBioConfig(SourceCorr)
	rnd := testutil.Rand(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BioInit(f, cfg, rnd); err != nil {
			require.NoError(b, err)
		}
	}
}

func BenchmarkSynthetic312(b *testing.B) {
	cfg := DefaultSyntheticConfig(312, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Synthetic(cfg); err != nil {
			require.NoError(b, err)
		}
	}
}
