// Package connectome is cortexrnn's data layer: it gives every other package
// a Field — N neurons of one MICrONS imaging field (or a synthetic one) with
// identities, soma positions, synapse counts and functional similarity — and
// turns a Field into the paper's biological initial weights.
//
// # Where a Field comes from
//
// Three routes, each one call:
//
//   - ReadFieldDir / ReadFieldFS (strict) or a FieldReader (which can
//     accept out-of-spec functional data and return warnings): a published
//     field folder <session>_<scan>_<field>/ of the paper's
//     "CorticalBlueprintRNN" repository (Model/DATA/info/<field>; layout in
//     docs/method.md §1). Every file must agree on N; precision_matrix.npy
//     is optional (only SourcePrecision needs it).
//   - FieldFromTables: MICrONS CAVE table exports (ReadSynapseTable,
//     ReadSomaTable, ReadCoregistrationTable), restricted to the
//     co-registered units of one session/scan/field, synapses counted per
//     ordered pair.
//   - Synthetic: a seeded, deterministic synthetic cortical field of any N,
//     calibrated on five real MICrONS fields (synthetic.md). It is the
//     default every example runs on without downloads.
//
// # Orientation and units
//
// Every N×N matrix has row i = neuron i's presynaptic (outgoing) side:
// Synapses[i][j] counts synapses i → j, as the published code treats its
// connectome and its weight matrices, and as CAVE tables are read (row =
// pre_pt_root_id). Positions are N×3 (x, y, z) in nanometres (MICrONS voxels
// × VoxelNM = 4, 4, 40). Field keeps the true positions: the published
// notebook's reshape-instead-of-transpose defect (docs/method.md §3) is reproduced
// only by package spatial's explicit reference option. Corr, STTC and
// Precision are kept exactly as read (STTC's published files hold only the
// lower triangle); MinMaxScale and SymmetrizeSTTC apply the notebook's
// preprocessing.
//
// # Readers
//
// DecodeNPY reads numeric .npy files from an io.Reader (format versions
// 1.0–3.0; f4, f8, i1–i8, u1–u8, b1 in either byte order; C or Fortran
// order, converted to C order; int64 kept exactly, since EM root ids exceed
// 2^53) through the module's one npy codec (internal/npyio), whose strict
// header parser and sentinel errors it shares; memory grows with the bytes
// read, never with the shape a header claims. DecodeObjectNPY
// reads the pickled numpy object arrays that hold positions and spike times.
// Its pickle machine interprets only the opcodes numpy emits for arrays of
// arrays (protocols 2–5) and accepts exactly four globals:
// numpy._core.multiarray._reconstruct (numpy 2), numpy.core.multiarray._reconstruct
// (numpy 1), numpy.ndarray and numpy.dtype. It never imports or calls
// anything; every other global or opcode is an error wrapping ErrPickle.
//
// Why self-written: github.com/sbinet/npyio reads numeric .npy well, and
// its npy sub-package unpickles object arrays through
// github.com/nlpodyssey/gopickle, but in the version we read (npy/pickle.go
// at commit a5bc57e) its class loader knows only numpy 1's
// numpy.core.multiarray name, so the numpy-2 files of the published fields
// fail; gopickle is a general pickle VM (INST, OBJ, NEWOBJ, PERSID, extension registry, …) whose safety then
// rests on the class loader alone, and neither returns errors that name the
// file and byte offset. The subset needed here is about 600 lines, fully
// allowlisted, fuzzed, and adds no dependency.
//
// # Meaning
//
// Readers check that functional data mean what they claim
// (Field.CheckFunctional): correlation and STTC entries in [−1, 1], Corr
// and Precision symmetric, Corr's and STTC's diagonal 1, STTC's upper
// triangle zero (the published layout) or mirroring the lower one, a
// positive Precision diagonal, each within SpecTol = 1e-12, and no all-zero
// matrix. A violation is an error (ErrOutOfSpec) naming the file and its
// worst entry; FieldReader{AllowOutOfSpec: true} returns such violations as
// warnings instead. The library never prints them; programs do.
//
// # Errors
//
// Bad data never panics: readers return a *ParseError{File, Offset, Err}
// whose Err wraps a sentinel (ErrFormat, ErrDType, ErrShape, ErrPickle,
// ErrValue, ErrMismatch, ErrOutOfSpec, ErrMissing), so errors.Is works and
// the message names the file, line/column or byte offset, and the problem. Truncated or garbled files,
// unsupported dtypes, ragged or non-numeric CSV, negative or non-integer
// synapse counts, NaN/Inf, unsorted spike times, mismatched N and missing
// files are all covered by tests. Caller bugs (matrices of mismatched shape
// handed in) panic with a DimensionError; a nil *rand.Rand panics.
//
// # Functional measures
//
// BinCounts, Correlation and BinnedCorrelation (Pearson correlation of binned
// spike counts); STTC (spike time tiling coefficient, Cutts & Eglen 2014,
// doi:10.1523/JNEUROSCI.2767-14.2014); Precision and BinnedPrecision
// (inverse covariance, optionally shrunk towards a scaled identity as in
// Ledoit & Wolf 2004, doi:10.1016/S0047-259X(03)00096-4; a singular
// covariance without shrinkage is an ErrSingular error). They match numpy on
// the real spikes of 4_7_2, 5_3_8 and 6_6_8 (testdata/golden.py).
//
// # Biological initialisation (docs/method.md §2)
//
//	L ~ LogNormal(μ = −0.5, σ = 0.5)                      DrawLogNormal: N² NormFloat64 draws, row-major
//	B = L ⊙ MinMax(Corr) ⊙ MinMax(Sym(STTC))              Modulation (SourceCorr; SourcePrecision; SourceSTTC)
//	B ← B · 0.1/mean(B);  0 < B_ij < 0.01 → 0.01;  B ← B · 0.95/ρ(B)   BioFromDraws
//
// BioInit = BioFromDraws(DrawLogNormal(...), Modulation(...)) and consumes
// exactly N² rnd.NormFloat64 draws, so a sweep is reproducible from its seed.
// ρ is computed in float64 (SpectralRadius: a Perron power iteration with
// Collatz–Wielandt bounds for non-negative matrices, LAPACK Dgeev otherwise),
// and matches numpy.linalg.eigvals to 1e-12 (golden test). Permute is the
// paper's W! control (one rnd.Perm). Controls the paper lacks: SourceNone
// (log-normal only), Resample (own entries redrawn onto the same support) and
// ScaleMatched (a random log-normal matrix with the same spectral radius and
// L1 norm). Summarize describes any of them by what shapes the initial
// dynamics besides ρ and the L1 norm: the share of weight on the diagonal,
// the spectral radius of the coupling alone (off the diagonal), the spread
// of entries and strengths, reciprocity and departure from normality. The
// biological W* puts most of its weight on self-connections (the unit
// diagonal of Corr and STTC); Permute and ScaleMatched keep that, while
// Resample and SourceNone spread it over the coupling (ExampleSummarize).
// SelfConnections and Coupling split a matrix at its diagonal, each part
// scaled back to its spectral radius, to test the two apart.
package connectome
