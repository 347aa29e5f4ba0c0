package npyio_test

import (
	"bytes"
	"fmt"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
)

// Trained weights go into an .npz archive as named float32 arrays, in C
// (row-major) order; in Python, np.load(path)["W_rec"] returns the 2×2
// float32 matrix. Reading them back takes random access and the size.
func ExampleNPZWriter() {
	var buf bytes.Buffer // an *os.File in practice
	zw := npyio.NewNPZWriter(&buf, npyio.Stored)
	if err := zw.Write("W_rec", &npyio.Array{Shape: []int{2, 2}, Data: []float32{0.5, -1, 0, 2}}); err != nil {
		fmt.Println(err)
		return
	}
	if err := zw.Write("b", &npyio.Array{Shape: []int{2}, Data: []float32{0.1, 0.2}}); err != nil {
		fmt.Println(err)
		return
	}
	if err := zw.Close(); err != nil {
		fmt.Println(err)
		return
	}

	z, err := npyio.OpenNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range z.Names() {
		a, err := z.Read(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		d, _ := a.DType()
		fmt.Println(name, d, a.Shape, a.Data)
	}
	// Output:
	// W_rec <f4 [2 2] [0.5 -1 0 2]
	// b <f4 [2] [0.1 0.2]
}
