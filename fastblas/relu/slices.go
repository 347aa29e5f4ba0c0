package relu

// Slice64 sets dst[i] = Of64(src[i]) for i < len(src); dst may be src. It
// panics if dst is shorter than src.
func Slice64(dst, src []float64) {
	dst = dst[:len(src)]
	i := 0
	if useAVX2 && len(src) >= 4 {
		i = len(src) &^ 3
		reluAVX2f64(&dst[0], &src[0], i)
	}
	for ; i < len(src); i++ {
		dst[i] = Of64(src[i])
	}
}

// GradSlice64 sets dst[i] = Grad64(z[i], a, g[i]) for i < len(z). It panics
// if dst or g is shorter than z.
func GradSlice64(dst, z, g []float64, a float64) {
	dst, g = dst[:len(z)], g[:len(z)]
	i := 0
	if useAVX2 && len(z) >= 4 {
		i = len(z) &^ 3
		reluGradAVX2f64(&dst[0], &z[0], &g[0], i, a)
	}
	for ; i < len(z); i++ {
		dst[i] = Grad64(z[i], a, g[i])
	}
}

// Slice32 is Slice64 for float32.
func Slice32(dst, src []float32) {
	dst = dst[:len(src)]
	i := 0
	if useAVX2 && len(src) >= 8 {
		i = len(src) &^ 7
		reluAVX2f32(&dst[0], &src[0], i)
	}
	for ; i < len(src); i++ {
		dst[i] = Of32(src[i])
	}
}

// GradSlice32 is GradSlice64 for float32.
func GradSlice32(dst, z, g []float32, a float32) {
	dst, g = dst[:len(z)], g[:len(z)]
	i := 0
	if useAVX2 && len(z) >= 8 {
		i = len(z) &^ 7
		reluGradAVX2f32(&dst[0], &z[0], &g[0], i, a)
	}
	for ; i < len(z); i++ {
		dst[i] = Grad32(z[i], a, g[i])
	}
}
