package connectome_test

import (
	"bytes"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/npyio"
)

// A field folder whose correlation matrix is out of its [−1, 1] range is
// refused by default; FieldReader.AllowOutOfSpec reads it and hands the
// problem back as a warning for the program to print. The folder here is
// built in memory; precision_matrix.npy is left out, as it may be.
func ExampleFieldReader() {
	npy := func(v ...float64) []byte {
		var b bytes.Buffer
		if err := npyio.Write(&b, &npyio.Array{Shape: []int{3, 3}, Data: v}); err != nil {
			panic(err)
		}
		return b.Bytes()
	}
	pos, err := os.ReadFile("testdata/npy/positions_numpy1.npy") // 3 somata
	if err != nil {
		fmt.Println(err)
		return
	}
	fsys := fstest.MapFS{
		"1_2_3/connectome_1_2_3.csv": {Data: []byte(",0,1,2\n0,0,1,0\n1,2,0,0\n2,0,0,0\n")},
		"1_2_3/corr_matrix.npy":      {Data: npy(1, 1.5, 0.2, 1.5, 1, 0.3, 0.2, 0.3, 1)},
		"1_2_3/sttc_matrix.npy":      {Data: npy(1, 0, 0, 0.1, 1, 0, 0.2, 0.3, 1)},
		"1_2_3/positions_1_2_3.npy":  {Data: pos},
	}
	if _, err := connectome.ReadFieldFS(fsys, "1_2_3"); err != nil {
		fmt.Println("strict:", err)
	}
	f, warnings, err := connectome.FieldReader{AllowOutOfSpec: true}.ReadFS(fsys, "1_2_3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("lenient: N =", f.N, "precision:", f.Precision != nil)
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// strict: 1_2_3/corr_matrix.npy: out of specification: Corr: 2 entries outside [−1, 1]; worst [0,1] = 1.5 (tolerance 1e-12)
	// lenient: N = 3 precision: false
	// warning: 1_2_3/corr_matrix.npy: out of specification: Corr: 2 entries outside [−1, 1]; worst [0,1] = 1.5 (tolerance 1e-12)
}
