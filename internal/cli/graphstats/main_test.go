package graphstats

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// writeNPY writes a little-endian float64 C-order .npy file (format 1.0).
func writeNPY(t *testing.T, rows, cols int, data []float64) string {
	t.Helper()
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(header)))
	b.WriteString(header)
	binary.Write(&b, binary.LittleEndian, data)
	p := filepath.Join(t.TempDir(), "w.npy")
	require.NoError(t, os.WriteFile(p, b.Bytes(), 0o644))
	return p
}

func testMatrix(n int) []float64 {
	rnd := rand.New(rand.NewPCG(3, 3))
	w := make([]float64, n*n)
	for i := range w {
		w[i] = rnd.NormFloat64()
		if (i/n)/5 == (i%n)/5 {
			w[i] += 2
		}
	}
	return w
}

func csvOf(n int, w []float64, labelled bool) string {
	var b strings.Builder
	if labelled {
		for j := 0; j < n; j++ {
			fmt.Fprintf(&b, ",%d", j)
		}
		b.WriteString("\n")
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if labelled && j == 0 {
				fmt.Fprintf(&b, "%d,", i)
			}
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "%v", w[i*n+j])
		}
		b.WriteString("\n")
	}
	return b.String()
}

func runProgram(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestJSONMatchesLibrary(t *testing.T) {
	const n = 30
	w := testMatrix(n)
	want, err := graphmetrics.Compute(mat.NewDense(n, n, w), graphmetrics.Options{Keep: 0.2, NullCount: 20, Null: graphmetrics.NullER},
		rand.New(rand.NewPCG(7, 7)))
	require.NoError(t, err)
	files := map[string]string{
		"csv":          writeFile(t, "w.csv", csvOf(n, w, false)),
		"labelled csv": writeFile(t, "w.csv", csvOf(n, w, true)),
		"npy":          writeNPY(t, n, n, w),
	}
	for name, f := range files {
		code, out, errs := runProgram("-w", f, "-keep", "0.2", "-nperm", "20", "-null", "er", "-seed", "7", "-json")
		require.Equal(t, exitOK, code, "%s: stderr %s", name, errs)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &got), "%s: stdout\n%s", name, out)
		for key, v := range map[string]float64{
			"modularity": want.Modularity, "small_worldness": want.SmallWorld.Sigma,
			"assortativity": want.Assortativity, "entropy_bits": want.Entropy,
			"edges": float64(want.Edges), "efficiency": want.Efficiency,
		} {
			assert.Equal(t, v, got[key], "%s: %s", name, key)
		}
		assert.Equal(t, "er", got["null"], "%s: null", name)
		assert.Equal(t, 20.0, got["nperm"], "%s: nperm", name)
	}
}

func TestTextOutput(t *testing.T) {
	const n = 12
	f := writeFile(t, "w.csv", csvOf(n, testMatrix(n), false))
	code, out, errs := runProgram("-w", f, "-nperm", "10", "-omega", "-louvain", "-weighted")
	require.Equal(t, exitOK, code, "stderr %s", errs)
	for _, want := range []string{"Modularity", "SmallWorldness", "Assortativity", "Entropy", "omega", "Louvain Q", "weighted Q"} {
		assert.Contains(t, out, want)
	}
}

func TestUndefinedPrintsNullAndNote(t *testing.T) {
	f := writeFile(t, "w.csv", "1,1,1\n1,1,1\n1,1,1\n")
	code, out, errs := runProgram("-w", f, "-nperm", "5", "-json")
	require.Equal(t, exitOK, code, "stderr %s", errs)
	assert.Contains(t, errs, "undefined", "stdout %s", out)
	assert.Contains(t, out, `"modularity": null`, "stderr %s", errs)
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing file", []string{"-w", filepath.Join(dir, "nope.csv")}, exitInput, "no such file"},
		{"non-square csv", []string{"-w", writeFile(t, "a.csv", "1,2,3\n4,5,6\n")}, exitInput, "2×3"},
		{"ragged csv", []string{"-w", writeFile(t, "b.csv", "1,2,3\n4,5\n7,8,9\n")}, exitInput, "line 2"},
		{"text in csv", []string{"-w", writeFile(t, "c.csv", "1,2,3\n4,x,6\n7,8,9\n")}, exitInput, `"x" is not a number`},
		{"NaN in csv", []string{"-w", writeFile(t, "d.csv", "1,2,3\n4,NaN,6\n7,8,9\n")}, exitInput, "non-finite"},
		{"too small", []string{"-w", writeFile(t, "e.csv", "1,2\n3,4\n")}, exitInput, "too few nodes"},
		{"empty csv", []string{"-w", writeFile(t, "f.csv", "")}, exitInput, "empty"},
		{"non-square npy", []string{"-w", writeNPY(t, 2, 3, []float64{1, 2, 3, 4, 5, 6})}, exitInput, "2×3"},
		{"bad npy", []string{"-w", writeFile(t, "g.npy", "not numpy")}, exitInput, "g.npy"},
		{"unknown extension", []string{"-w", writeFile(t, "h.txt", "1")}, exitInput, "unknown extension"},
		{"no -w", nil, exitUsage, "-w FILE is required"},
		{"bad null", []string{"-w", "x.csv", "-null", "lattice"}, exitUsage, "unknown"},
		{"bad keep", []string{"-w", "x.csv", "-keep", "1.5"}, exitUsage, "-keep"},
		{"bad nperm", []string{"-w", "x.csv", "-nperm", "0"}, exitUsage, "-nperm"},
		{"bad flag", []string{"-frobnicate"}, exitUsage, "frobnicate"},
	}
	for _, c := range cases {
		code, _, errs := runProgram(c.args...)
		assert.Equal(t, c.code, code, "%s: stderr %q", c.name, errs)
		assert.Contains(t, errs, c.msg, c.name)
	}
}

func TestJSONFloatNaN(t *testing.T) {
	b, err := json.Marshal(struct{ A, B jsonFloat }{jsonFloat(math.NaN()), 1.5})
	assert.NoError(t, err)
	assert.Equal(t, `{"A":null,"B":1.5}`, string(b))
}
