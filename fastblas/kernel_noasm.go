//go:build !amd64 || purego

package fastblas

// kernels32 returns the float32 kernels available in this build: only the
// portable Go kernel.
func kernels32() []kernel[float32] { return []kernel[float32]{genericKernel32} }

// kernels64 returns the float64 kernels available in this build: only the
// portable Go kernel.
func kernels64() []kernel[float64] { return []kernel[float64]{genericKernel64} }
