//go:build !amd64 || purego

package relu

// useAVX2 is false: the scalar forms do every element.
const useAVX2 = false

func reluAVX2f32(dst, src *float32, n int)                    { panic("relu: no AVX2 routines") }
func reluGradAVX2f32(dst, z, grad *float32, n int, a float32) { panic("relu: no AVX2 routines") }
func reluAVX2f64(dst, src *float64, n int)                    { panic("relu: no AVX2 routines") }
func reluGradAVX2f64(dst, z, grad *float64, n int, a float64) { panic("relu: no AVX2 routines") }
