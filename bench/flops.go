package main

// stepFlops counts the GEMM flops of one training step of the paper's model
// (2 per multiply–add), the count the GFLOP/s columns divide by, for both Go
// and PyTorch:
//
//	input projection x K and its gradient ∂K         2 · 2·T·B·NIn·N
//	recurrence h W, back-propagation ∂h Wᵀ, ∂W        3 · 2·(T−1)·B·N²
//	readout h_T W_out, ∂W_out, ∂h_T                   3 · 2·B·N·NOut
//
// The recurrent products run T−1 times since h_0 = 0 (neither Go nor the
// PyTorch script multiplies the zero state). It is the count of
// rnn.BenchmarkTrainStep. Penalty and optimiser flops are not counted.
func stepFlops(steps, batch, nIn, n, nOut int) float64 {
	T, B, ni, N, no := float64(steps), float64(batch), float64(nIn), float64(n), float64(nOut)
	f := 2 * 2 * T * B * ni * N
	f += 3 * 2 * (T - 1) * B * N * N
	f += 3 * 2 * B * N * no
	return f
}

// gemmFlops is 2·m·n·k, the flops of one m×k by k×n product.
func gemmFlops(m, n, k int) float64 {
	return 2 * float64(m) * float64(n) * float64(k)
}

// gflops converts flops done in ms milliseconds to GFLOP/s.
func gflops(flops, ms float64) float64 {
	if ms <= 0 {
		return 0
	}
	return flops / (ms * 1e-3) / 1e9
}
