package npyio

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkRead reads a 312×312 float64 matrix (a field's correlation
// matrix) from memory.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	require.NoError(b, Write(&buf, &Array{Shape: []int{312, 312}, Data: make([]float64, 312*312)}))
	raw := buf.Bytes()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		_, err := Read(bytes.NewReader(raw))
		require.NoError(b, err)
	}
}

// BenchmarkWriteNPZ writes the recurrent matrix of a 312-unit network as
// float32 into a stored archive.
func BenchmarkWriteNPZ(b *testing.B) {
	a := &Array{Shape: []int{312, 312}, Data: make([]float32, 312*312)}
	var buf bytes.Buffer
	b.SetBytes(312 * 312 * 4)
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		zw := NewNPZWriter(&buf, Stored)
		require.NoError(b, zw.Write("W_rec", a))
		require.NoError(b, zw.Close())
	}
}
