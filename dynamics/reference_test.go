package dynamics_test

import (
	"bufio"
	"context"
	"encoding/json"
	"math/cmplx"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// reference is testdata/fixedpoints.json, written by testdata/fixedpoints.py
// (numpy and scipy; versions inside the file).
type reference struct {
	Inputs []struct {
		Name   string
		X      []float64
		Points []struct {
			H     []float64
			Q     float64
			Count int
			Re    []float64 `json:"eig_re"`
			Im    []float64 `json:"eig_im"`
		}
	}
}

// Tolerances of the comparison with scipy: both sides end with Newton-type
// steps that reach q ≈ 1e-30, so the fixed points agree to ~1e-13; the
// eigenvalues of two separately built 32×32 Jacobians agree to ~1e-13 too.
// The margins are 1000×.
const (
	refStateTol = 1e-10
	refEigenTol = 1e-10
)

// TestAgainstScipy finds the fixed points of the small trained network
// (N = 32, relu, α = 0.5, Dale's law; testdata/gen) from the same 200
// initial states as testdata/fixedpoints.py and requires the same set of
// fixed points under each Go/NoGo input, with the same eigenvalues.
func TestAgainstScipy(t *testing.T) {
	t.Parallel()
	tr, err := rnn.LoadFile(filepath.Join("testdata", "small.npz"))
	require.NoError(t, err)
	net := dynamics.FromModel(tr.Model())
	// The text files scipy reads hold exactly this network.
	testutil.AssertMatClose(t, net.In, readText(t, "small_in.txt"), 0, 0, "W_in")
	testutil.AssertMatClose(t, net.W, readText(t, "small_w.txt"), 0, 0, "W_eff")
	testutil.AssertSlicesClose(t, net.B, readText(t, "small_b.txt").RawRowView(0), 0, 0, "b")
	assert.Equal(t, readText(t, "small_alpha.txt").At(0, 0), net.Alpha)
	starts := readText(t, "small_starts.txt")

	raw, err := os.ReadFile(filepath.Join("testdata", "fixedpoints.json"))
	require.NoError(t, err)
	var ref reference
	require.NoError(t, json.Unmarshal(raw, &ref))

	inputs, err := dynamics.DefaultInputs("gonogo")
	require.NoError(t, err)
	res, err := dynamics.FindFixedPoints(context.Background(), net, inputs, starts, dynamics.Config{})
	require.NoError(t, err)
	require.Len(t, ref.Inputs, len(inputs))
	for k, in := range ref.Inputs {
		require.Equal(t, inputs[k].Name, in.Name)
		require.Equal(t, inputs[k].X, in.X)
		var got []dynamics.Point
		for _, p := range res.Points {
			if p.Input == k && p.Kind == dynamics.Fixed {
				got = append(got, p)
			}
		}
		require.Len(t, got, len(in.Points), "input %q: fixed points (scipy found %d)", in.Name, len(in.Points))
		for _, rp := range in.Points {
			i := slices.IndexFunc(got, func(p dynamics.Point) bool { return floats.Distance(p.H, rp.H, 2) <= refStateTol })
			if !assert.GreaterOrEqual(t, i, 0, "input %q: scipy's fixed point not found", in.Name) {
				continue
			}
			p := got[i]
			assert.LessOrEqual(t, p.Q, dynamics.DefaultFixedQ)
			want := make([]complex128, len(rp.Re))
			for j := range want {
				want[j] = complex(rp.Re[j], rp.Im[j])
			}
			assertSameSpectrum(t, p.Lin.Eigenvalues, want, refEigenTol)
			for j := range want {
				testutil.AssertClose(t, cmplx.Abs(p.Lin.Eigenvalues[j]), cmplx.Abs(want[j]), refEigenTol, refEigenTol, "input %q |λ_%d|", in.Name, j)
			}
			t.Logf("input %q: %d starts here (scipy %d), |λ_0| = %.6f, %v", in.Name, p.Count, rp.Count, p.Lin.Leading(), p.Lin.Stability)
		}
	}
}

// readText reads a whitespace-separated matrix written by testdata/gen.
func readText(t *testing.T, name string) *mat.Dense {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	var data []float64
	rows, cols := 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if cols == 0 {
			cols = len(fields)
		}
		require.Len(t, fields, cols, "%s row %d", name, rows)
		for _, s := range fields {
			v, err := strconv.ParseFloat(s, 64)
			require.NoError(t, err)
			data = append(data, v)
		}
		rows++
	}
	require.NoError(t, sc.Err())
	return mat.NewDense(rows, cols, data)
}
