//go:build amd64 && !purego

package relu

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly loops of relu_amd64.s.
var useAVX2 = cpu.X86.HasAVX2

// The routines process n elements, n a positive multiple of the lane count
// (8 for float32, 4 for float64); see slices.go.

//go:noescape
func reluAVX2f32(dst, src *float32, n int)

//go:noescape
func reluGradAVX2f32(dst, z, grad *float32, n int, a float32)

//go:noescape
func reluAVX2f64(dst, src *float64, n int)

//go:noescape
func reluGradAVX2f64(dst, z, grad *float64, n int, a float64)
