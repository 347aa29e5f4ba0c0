package rnn

// Vector forms of relu and reluGrad for the BPTT loops' common case (ReLU
// without leak), with exactly the results of the scalar forms (relu.go):
// the AVX2 routines of relu_amd64.s compare and mask eight float32 or four
// float64 lanes at a time (VCMPPS/VCMPPD, VANDPS/VANDPD, VMULPS/VMULPD —
// IEEE operations, as Go's), and the scalar forms do the rest and every
// element on other CPUs and under the purego tag.

// reluSlice64 sets dst[i] = relu64(src[i]) for i < len(src); dst may be src.
func reluSlice64(dst, src []float64) {
	dst = dst[:len(src)]
	i := 0
	if useAVX2 && len(src) >= 4 {
		i = len(src) &^ 3
		reluAVX2f64(&dst[0], &src[0], i)
	}
	for ; i < len(src); i++ {
		dst[i] = relu64(src[i])
	}
}

// reluGradSlice64 sets dst[i] = reluGrad64(z[i], a, g[i]) for i < len(z).
func reluGradSlice64(dst, z, g []float64, a float64) {
	dst, g = dst[:len(z)], g[:len(z)]
	i := 0
	if useAVX2 && len(z) >= 4 {
		i = len(z) &^ 3
		reluGradAVX2f64(&dst[0], &z[0], &g[0], i, a)
	}
	for ; i < len(z); i++ {
		dst[i] = reluGrad64(z[i], a, g[i])
	}
}

// reluSlice32 is reluSlice64 for float32.
func reluSlice32(dst, src []float32) {
	dst = dst[:len(src)]
	i := 0
	if useAVX2 && len(src) >= 8 {
		i = len(src) &^ 7
		reluAVX2f32(&dst[0], &src[0], i)
	}
	for ; i < len(src); i++ {
		dst[i] = relu32(src[i])
	}
}

// reluGradSlice32 is reluGradSlice64 for float32.
func reluGradSlice32(dst, z, g []float32, a float32) {
	dst, g = dst[:len(z)], g[:len(z)]
	i := 0
	if useAVX2 && len(z) >= 8 {
		i = len(z) &^ 7
		reluGradAVX2f32(&dst[0], &z[0], &g[0], i, a)
	}
	for ; i < len(z); i++ {
		dst[i] = reluGrad32(z[i], a, g[i])
	}
}
