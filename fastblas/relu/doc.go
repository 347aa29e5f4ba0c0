// Package relu applies the rectified linear unit and its derivative to
// slices, for the backpropagation-through-time loops of package rnn, with
// exactly the results of the branching scalar forms, NaN and signed zeros
// included:
//
//	relu(x)           = 0 if x < 0, else x  (NaN stays NaN, −0 stays −0)
//	reluGrad(z, a, g) = a·g if z > 0, else +0  (NaN z gives +0)
//
// The scalar forms select with integer conditional moves rather than a
// branch on the sign of x, which is as unpredictable as a coin for
// pre-activations. The slice forms run AVX2 assembly on amd64 CPUs that
// have it, comparing and masking eight float32 or four float64 lanes at a
// time (VCMPPS/VCMPPD, VANDPS/VANDPD, VMULPS/VMULPD: IEEE operations, as
// Go's), and the scalar forms for the tail, on other CPUs and under the
// purego build tag. It lives with fastblas's kernels because it is the same
// kind of code: assembly chosen at start-up with golang.org/x/sys/cpu.
package relu
