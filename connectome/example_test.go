package connectome_test

import (
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/cortexrnn/cortexrnn/connectome"
	"gonum.org/v1/gonum/mat"
)

// A synthetic field runs everywhere without downloads.
func ExampleSynthetic() {
	cfg := connectome.DefaultSyntheticConfig(60, 1)
	cfg.Duration = 300 // a short recording keeps the example fast
	f, err := connectome.Synthetic(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, c := f.Synapses.Dims()
	fmt.Println(f.Name, r, c, f.Grid)
	fmt.Printf("Corr[0][0] = %.3f, STTC[0][0] = %.3f\n", f.Corr.At(0, 0), f.STTC.At(0, 0))
	fmt.Println(f.Check() == nil)
	// Output:
	// synthetic(N=60,seed=1) 60 60 [5 4 3]
	// Corr[0][0] = 1.000, STTC[0][0] = 1.000
	// true
}

// Biological initialisation (docs/method.md §2) and the permutation control.
func ExampleBioInit() {
	cfg := connectome.DefaultSyntheticConfig(40, 2)
	cfg.Duration = 300
	f, err := connectome.Synthetic(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	rnd := rand.New(rand.NewPCG(1, 1))
	w, err := connectome.BioInit(f, connectome.DefaultBioConfig(connectome.SourceCorr), rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	rho, _ := connectome.SpectralRadius(w)
	perm := connectome.Permute(w, rnd)
	rhoPerm, _ := connectome.SpectralRadius(perm)
	fmt.Printf("ρ(W*) = %.3f, ρ(W!) = %.3f, ‖W*‖₁ = ‖W!‖₁: %v\n", rho, rhoPerm,
		fmt.Sprintf("%.9f", connectome.L1Norm(w)) == fmt.Sprintf("%.9f", connectome.L1Norm(perm)))
	// Output:
	// ρ(W*) = 0.950, ρ(W!) = 0.950, ‖W*‖₁ = ‖W!‖₁: true
}

// Steps 2–5 of the biological initialisation on given draws.
func ExampleBioFromDraws() {
	l := mat.NewDense(2, 2, []float64{1, 2, 0, 4})
	ones := mat.NewDense(2, 2, []float64{1, 1, 1, 1})
	w, err := connectome.BioFromDraws(l, ones, connectome.DefaultBioConfig(connectome.SourceNone))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.3f\n", mat.Formatted(w))
	// Output:
	// ⎡0.238  0.475⎤
	// ⎣0.000  0.950⎦
}

// The spike time tiling coefficient of Cutts & Eglen (2014). By hand: each
// train of 3 spikes tiles T = 3·0.2/10 = 0.06 of the recording; 2 of 3 spikes
// of train 0 fall within 0.1 s of train 1 and vice versa, so
// STTC = (2/3 − 0.06)/(1 − 2/3·0.06) = 0.632. Train 2 (T = 0.02) meets
// nothing: ½[(0 − 0.02) + (0 − 0.06)] = −0.040.
func ExampleSTTC() {
	spikes := [][]float64{{1.00, 3.00, 7.00}, {1.05, 3.02, 9.00}, {5.00}}
	m, err := connectome.STTC(spikes, 0.1, 0, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.3f\n", mat.Formatted(m))
	// Output:
	// ⎡ 1.000   0.632  -0.040⎤
	// ⎢ 0.632   1.000  -0.040⎥
	// ⎣-0.040  -0.040   1.000⎦
}

// Reading a pickled numpy object array (never executed, see pickle.go).
func ExampleReadObjectNPY() {
	elems, err := connectome.ReadObjectNPY("testdata/npy/positions_numpy1.npy")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range elems {
		fmt.Println(e.DType, e.Int)
	}
	// Output:
	// <i8 [1 2 3]
	// <i8 [4 5 6]
	// <i8 [7 8 9]
}

// Building a field from MICrONS CAVE table exports.
func ExampleFieldFromTables() {
	read := func(name string) *os.File {
		f, err := os.Open("testdata/cave/" + name)
		if err != nil {
			panic(err)
		}
		return f
	}
	syn, err := connectome.ReadSynapseTable(read("synapses.csv"), "synapses.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	somas, err := connectome.ReadSomaTable(read("somas.csv"), "somas.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	coreg, err := connectome.ReadCoregistrationTable(read("coregistration.csv"), "coregistration.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := connectome.FieldFromTables(connectome.Tables{Synapses: syn, Somas: somas, Coregistration: coreg}, 6, 6, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Name, f.N, f.UnitIDs)
	fmt.Printf("%v\n", mat.Formatted(f.Synapses))
	// Output:
	// 6_6_2 3 [17 99 412]
	// ⎡0  1  2⎤
	// ⎢0  0  0⎥
	// ⎣1  1  0⎦
}

// Min-max scaling and STTC symmetrisation as the published notebook does.
func ExampleMinMaxScale() {
	sttc := mat.NewDense(3, 3, []float64{1, 0, 0, 0.2, 1, 0, -0.1, 0.4, 1})
	fmt.Printf("%.3f\n", mat.Formatted(connectome.MinMaxScale(connectome.SymmetrizeSTTC(sttc))))
	// Output:
	// ⎡1.000  0.273  0.000⎤
	// ⎢0.273  1.000  0.455⎥
	// ⎣0.000  0.455  1.000⎦
}

// What a control keeps: W* and its resampled control Wb have the same
// spectral radius, but Wb moves the heavy self-connections of W* (the unit
// diagonal of Corr and STTC) off the diagonal.
func ExampleSummarize() {
	cfg := connectome.DefaultSyntheticConfig(40, 2)
	cfg.Duration = 300
	f, err := connectome.Synthetic(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	rnd := rand.New(rand.NewPCG(1, 1))
	w, err := connectome.BioInit(f, connectome.DefaultBioConfig(connectome.SourceCorr), rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	wb, err := connectome.Resample(w, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range []struct {
		name string
		w    *mat.Dense
	}{{"W*", w}, {"Wb", wb}} {
		s, err := connectome.Summarize(m.w)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: ρ %.2f, off-diagonal ρ %.2f, diagonal share %.2f\n", m.name, s.SpectralRadius, s.OffDiagonalRadius, s.DiagonalShare)
	}
	// Output:
	// W*: ρ 0.95, off-diagonal ρ 0.07, diagonal share 0.83
	// Wb: ρ 0.95, off-diagonal ρ 0.74, diagonal share 0.06
}
