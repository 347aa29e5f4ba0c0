package graphstats

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// defaultKeys are the .npz arrays graphstats reads without -key, first
// found first: the effective recurrent matrix of an rnn weights file
// (seqrnn's weights.npz), then the W_rec of an rnn checkpoint (the raw
// parameter, which is the effective matrix without Dale's law or a mask).
var defaultKeys = []string{rnn.WeightsEffective, "W_rec"}

// readInput reads the matrix of path: a .npy or .csv file (key is then
// empty, which run checks), or array key of an .npz archive (empty: the first of defaultKeys
// present, else its only square matrix). It returns the matrix and the
// name to report it under.
func readInput(path, key string) (*mat.Dense, string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		a, err := npyio.ReadFile(path)
		if err != nil {
			return nil, "", err
		}
		w, err := matrixOf(a)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		return w, path, nil
	case ".npz":
		return readNPZ(path, key)
	case ".csv":
		w, err := readCSV(path)
		return w, path, err
	}
	return nil, "", fmt.Errorf("%s: unknown extension %q (want .npy, .npz or .csv)", path, filepath.Ext(path))
}

// readNPZ reads array key of the archive at path; see readInput.
func readNPZ(path, key string) (*mat.Dense, string, error) {
	z, err := npyio.OpenNPZFile(path)
	if err != nil {
		return nil, "", err
	}
	defer z.Close()
	if key == "" {
		if key, err = defaultKey(z); err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
	}
	if !z.Has(key) {
		return nil, "", fmt.Errorf("%s: no array %q; it holds %s", path, key, describe(z))
	}
	a, err := z.Read(key)
	if err != nil {
		return nil, "", err
	}
	w, err := matrixOf(a)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %s: %w", path, key, err)
	}
	return w, fmt.Sprintf("%s (%s)", path, key), nil
}

// defaultKey returns the first of defaultKeys in z, else the name of its
// only square 2-D array, else an error listing the arrays.
func defaultKey(z *npyio.Archive) (string, error) {
	for _, k := range defaultKeys {
		if z.Has(k) {
			return k, nil
		}
	}
	var square []string
	for _, name := range z.Names() {
		if h, err := z.Header(name); err == nil && len(h.Shape) == 2 && h.Shape[0] == h.Shape[1] {
			square = append(square, name)
		}
	}
	if len(square) == 1 {
		return square[0], nil
	}
	return "", fmt.Errorf("no %s and %d square matrices; choose an array with -key: %s",
		strings.Join(defaultKeys, " or "), len(square), describe(z))
}

// describe lists the arrays of z with their shapes, for errors.
func describe(z *npyio.Archive) string {
	var parts []string
	for _, name := range z.Names() {
		shape := "?"
		if h, err := z.Header(name); err == nil {
			shape = fmt.Sprint(h.Shape)
		}
		parts = append(parts, name+" "+shape)
	}
	if len(parts) == 0 {
		return "no arrays"
	}
	return strings.Join(parts, ", ")
}

// matrixOf returns a as a matrix after checking that it is a non-empty,
// numeric 2-D array of finite values.
func matrixOf(a *npyio.Array) (*mat.Dense, error) {
	if len(a.Shape) != 2 || a.Shape[0] == 0 || a.Shape[1] == 0 {
		return nil, fmt.Errorf("shape %v, want a non-empty 2-D matrix", a.Shape)
	}
	v, err := a.Float64s()
	if err != nil {
		return nil, err
	}
	for k, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("non-finite value %v at [%d,%d]", x, k/a.Shape[1], k%a.Shape[1])
		}
	}
	return mat.NewDense(a.Shape[0], a.Shape[1], v), nil
}
