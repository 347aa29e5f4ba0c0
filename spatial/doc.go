// Package spatial builds the spatial and communication constraints of
// arXiv 2606.14975 ("communication-aware spatial constraints"): neuron
// coordinates and distance matrices, the weighted communicability of a
// directed network, and the penalties added to the training loss, each with
// an exact analytic gradient.
//
// Orientation: every matrix has one row per presynaptic (sending) unit,
// W[i][j] is the connection i → j, A = |W| and S = diag(row sums of A) are
// the out-strengths (docs/method.md §4).
//
// Geometry: Coordinates (soma positions in nm, per-axis min-max scaled as in
// the paper, physical, or the published reshape defect), GridCoordinates (the
// regular-grid control in numpy's meshgrid order, raw or scaled) and
// Distances (Euclidean, optional power).
//
// Communicability: C = exp(S^-1/2 A S^-1/2) with a zero diagonal (Crofts &
// Higham 2009, doi:10.1098/rsif.2008.0484): CommunicabilityTo for a weight
// matrix, EmpiricalCommunicability for a synapse-count matrix. Normalisation
// selects the treatment of zero strengths (corrected NormZero, or the two
// published 1e-10 variants).
//
// Matrix exponential: ExpWorkspace computes exp(A) and its Fréchet
// derivative L(A, E) exactly (Al-Mohy & Higham 2009, doi:10.1137/080716426,
// the algorithm of scipy.linalg.expm_frechet). Its products go through the
// BLAS installed with blas64.Use, or through fastblas while gonum's default
// is installed (the rule of package rnn). The penalties run their
// exponential in the Arithmetic their configuration names; the zero value,
// Float32, is what experiment's presets use: a truncated Taylor series with scaling and squaring, differentiated in
// forward mode, in blas32 products — about 2.8× faster at N = 312 and,
// because the exponentiated matrix and the direction are nonnegative (no
// cancellation), accurate entry by entry to a few float32 roundings per
// product (taylor32.go; derivation.md, "Float32").
//
// Penalties, each satisfying rnn.Penalty (Value and ValueGradTo):
//
//	L1               λ Σ|W|             (reference option: λ ignored)
//	Wiring           λ Σ|W|⊙D
//	Communicability  λ Σ|W|⊙C(W)⊙D
//	EMD              λ Σ|W|⊙D + λ_emd · mean_k |sort(C_emp)_k − sort(C(W))_k|
//
// The gradients are exact: the gradient through exp needs one Fréchet
// derivative, L(Mᵀ, G), by the adjoint identity ⟨G, L(M, E)⟩ = ⟨L(Mᵀ, G), E⟩
// (derivation.md). ∂P/∂W = ∂P/∂A ⊙ sign(W) with sign(0) = 0.
//
// Reproducing the paper's factors (docs/method.md §3–5; f a connectome field,
// corrected mode first, reference mode in brackets):
//
//	D*  x, _ := Coordinates(f.Positions, CoordinateConfig{})
//	        [CoordinateConfig{Layout: LayoutReferenceReshape}]; D, _ := Distances(x, 1)
//	D   g, _ := GridCoordinates(f.Grid[0], f.Grid[1], f.Grid[2], ScaleNone)
//	        (ScaleMinMax is the scale-matched control); D, _ := Distances(g, 1)
//	W   &L1{Lambda: 0.3}                          [&L1{IgnoreLambda: true}]
//	WD  NewWiring(D, 0.3)
//	…C  NewCommunicability(D, CommunicabilityConfig{Lambda: 0.3})  [Norm: NormAddEpsilon]
//	…C* cEmp, _ := EmpiricalCommunicability(f.Synapses, NormZero)  [NormReplaceZero]
//	    NewEMD(D, cEmp, EMDConfig{Lambda: 0.3, LambdaEMD: 0.1})   [Norm: NormAddEpsilon]
//
// Errors: the penalty constructors check their configuration and matrices
// and return an error (wrapping ErrNonFinite, ErrNegative or ErrConfig) for
// NaN or ±Inf in D or C_emp, a negative distance or strength, or an unknown
// Normalisation or Arithmetic; Value and ValueGradTo return one wrapping
// ErrNonFinite for a non-finite W or an overflowing exponential.
// ErrNonFinite is the module's one sentinel for non-finite values: it is
// rnn.ErrNonFinite, so a penalty's error that reaches rnn's trainer matches
// either. Matrices of mismatched shapes are a caller bug: the package panics
// with a ShapeError value (the same type as rnn.ShapeError).
package spatial
