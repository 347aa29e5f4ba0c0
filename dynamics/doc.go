// Package dynamics analyses the dynamics of a trained rnn model: its fixed
// and slow points under constant inputs, the linearisation around them, and
// the geometry and dimensionality of its trajectories.
//
// # The map
//
// With the input held at x*, the network of package rnn is the map (row
// vectors, W[i][j] the weight i → j, W the effective recurrent matrix with
// Dale's law and the mask applied; see Network and FromModel)
//
//	F(h) = (1 − α) h + α f(x* W_in + h W + b).
//
// # Fixed and slow points
//
// Following Sussillo & Barak 2013 (doi:10.1162/NECO_a_00409) and Golub &
// Sussillo 2018's FixedPointFinder (doi:10.21105/joss.01003), the fixed
// points are the zeros, and the slow points the small non-zero local minima,
// of the speed
//
//	q(h) = ½ ‖F(h) − h‖²,   ∇q(h) = α (W (f'(z) ⊙ r) − r),   r = F(h) − h,
//
// with z = x* W_in + h W + b (the gradient is the Jacobian-transpose product
// (J − I)ᵀ r, exact, written out in Speed). FindFixedPoints minimises q from
// many initial states with L-BFGS (gonum optimize), groups the ends within a
// distance, polishes each group's best state with Newton's method on
// F(h) = h using the exact Jacobian
//
//	J = (1 − α) I + α diag(f'(z)) Wᵀ,   J[j][i] = ∂F_j/∂h_i,
//
// and keeps points with q ≤ Config.FixedQ as fixed (numerical zero) and
// those with q ≤ Config.SlowQ as slow, with the number of initial states
// that reached each. The ReLU's kink takes f'(0) = 0, as package rnn does
// (a one-sided derivative, an element of Clarke's generalised gradient): q
// is piecewise quadratic and smooth away from the measure-zero set where
// some z_j = 0, and Newton's method on the piecewise-affine F − h lands
// exactly on a fixed point once the active set is right. A network need
// not have a fixed point near its trajectories (an expanding W after a short
// training has only slow points): InputResult.Note says so in words.
//
// # Linearisation
//
// Near a point h*, δh_{t+1} ≈ J δh_t (column vectors). Linearize
// eigen-decomposes J (gonum mat.Eigen) and classifies the point in discrete
// time: stable when every |λ| < 1, unstable when every |λ| > 1, a saddle
// with k unstable modes otherwise. The time constant of mode k is
// τ_k = −1/ln|λ_k| steps (multiply by the task's dt for ms).
//
// # State space
//
// FitPCA computes the principal components of hidden states (trials ×
// steps rows), the explained variance of each, and the participation ratio
// PR = (Σλ)²/Σλ² (Gao et al. 2017, doi:10.1101/214262), a dimensionality
// between 1 and N. Fixed points and unstable eigenvectors project into the
// same axes (ProjectTo, DirectionsTo).
//
// # Inputs
//
// DefaultInputs lists the noise-free input of each condition in each period
// of the paper's three tasks; InputsFromBatch extracts the distinct inputs
// of any noise-free batch.
//
// # A whole network, or a whole sweep
//
// Analyze runs the PCA and the fixed-point search on one network from
// states sampled from its trajectories; Summarize reduces that to a
// Summary (stable/unstable/slow points per input, participation ratio,
// leading |λ|) that a sweep can compare across networks.
//
// # Determinism, cancellation, speed
//
// Every result is a function of the inputs and, where states are sampled,
// an explicit *rand.Rand; the number of workers does not change it. The
// searches stop when their context is cancelled. A Speed's methods allocate
// nothing; the matrix products go through gonum's blas64, so an
// implementation installed with blas64.Use (e.g. fastblas) is used.
package dynamics
