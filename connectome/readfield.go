package connectome

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
)

// ReadFieldDir reads a published field folder <session>_<scan>_<field>/ (the
// layout of the paper's "CorticalBlueprintRNN" repository, Model/DATA/info/<f>;
// see ../shared/microns/README.md). The folder's base name is the field name
// f. Required files: connectome_<f>.csv, corr_matrix.npy, sttc_matrix.npy,
// precision_matrix.npy and positions_<f>.npy. Optional: spikes_<f>.npy,
// root_ids_<f>.npy, unit_ids_<f>.npy and target_ids_<f>.npy (nil in the
// Field when absent). Every file must agree on N; positions are converted
// from voxels to nanometres (VoxelNM); Grid is set from INF.md when the name
// is listed there. Errors name the file and the problem.
func ReadFieldDir(dir string) (*Field, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &ParseError{File: dir, Offset: -1, Err: err}
	}
	return readField(os.DirFS(abs), ".", filepath.Base(abs), func(n string) string { return filepath.Join(abs, n) })
}

// ReadFieldFS is ReadFieldDir on the folder dir of fsys; path.Base(dir) is the
// field name, so dir must name the folder (e.g. "6_6_2"), not ".".
func ReadFieldFS(fsys fs.FS, dir string) (*Field, error) {
	name := path.Base(dir)
	if name == "." || name == "/" || name == ".." {
		return nil, parseErr(dir, -1, ErrFormat, "cannot take the field name from folder %q: open the parent folder and pass the field folder's name", dir)
	}
	return readField(fsys, dir, name, func(n string) string { return path.Join(dir, n) })
}

func readField(fsys fs.FS, dir, name string, display func(string) string) (*Field, error) {
	read := func(file string, optional bool) ([]byte, error) {
		b, err := fs.ReadFile(fsys, path.Join(dir, file))
		if err != nil {
			if optional && errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
			return nil, &ParseError{File: display(file), Offset: -1, Err: err}
		}
		return b, nil
	}
	f := &Field{Name: name, Source: "published field folder " + display("")}
	f.Grid, _ = GridShape(name)

	connFile := "connectome_" + name + ".csv"
	b, err := read(connFile, false)
	if err != nil {
		return nil, err
	}
	if f.Synapses, err = DecodeCountMatrixCSV(b, display(connFile)); err != nil {
		return nil, err
	}
	f.N, _ = f.Synapses.Dims()

	for _, m := range []struct {
		file string
		dst  **mat.Dense
	}{{"corr_matrix.npy", &f.Corr}, {"sttc_matrix.npy", &f.STTC}, {"precision_matrix.npy", &f.Precision}} {
		b, err := read(m.file, false)
		if err != nil {
			return nil, err
		}
		a, err := DecodeNPY(b, display(m.file))
		if err != nil {
			return nil, err
		}
		if len(a.Shape) != 2 || a.Shape[0] != f.N || a.Shape[1] != f.N {
			return nil, parseErr(display(m.file), -1, ErrMismatch, "shape %v, want (%d, %d) as in %s", a.Shape, f.N, f.N, connFile)
		}
		if *m.dst, err = a.matrix(display(m.file)); err != nil {
			return nil, err
		}
	}

	posFile := "positions_" + name + ".npy"
	if b, err = read(posFile, false); err != nil {
		return nil, err
	}
	if f.Positions, err = decodePositions(b, display(posFile), f.N, connFile); err != nil {
		return nil, err
	}

	spFile := "spikes_" + name + ".npy"
	if b, err = read(spFile, true); err != nil {
		return nil, err
	}
	if b != nil {
		if f.Spikes, err = decodeSpikes(b, display(spFile), f.N, connFile); err != nil {
			return nil, err
		}
	}

	for _, ids := range []struct {
		prefix string
		dst    *[]int64
	}{{"root_ids_", &f.RootIDs}, {"unit_ids_", &f.UnitIDs}, {"target_ids_", &f.TargetIDs}} {
		file := ids.prefix + name + ".npy"
		if b, err = read(file, true); err != nil {
			return nil, err
		}
		if b == nil {
			continue
		}
		a, err := DecodeNPY(b, display(file))
		if err != nil {
			return nil, err
		}
		if a.Int == nil {
			return nil, parseErr(display(file), -1, ErrDType, "dtype %s, want integer ids", a.DType)
		}
		if len(a.Shape) != 1 || a.Shape[0] != f.N {
			return nil, parseErr(display(file), -1, ErrMismatch, "shape %v, want (%d,) as in %s", a.Shape, f.N, connFile)
		}
		*ids.dst = a.Int
	}
	return f, nil
}

// decodePositions reads a pickled object array of N (x, y, z) voxel triples
// and returns N×3 positions in nm.
func decodePositions(b []byte, file string, n int, ref string) (*mat.Dense, error) {
	elems, err := DecodeObjectNPY(b, file)
	if err != nil {
		return nil, err
	}
	if len(elems) != n {
		return nil, parseErr(file, -1, ErrMismatch, "%d positions, want %d as in %s", len(elems), n, ref)
	}
	pos := mat.NewDense(n, 3, nil)
	for i, e := range elems {
		if len(e.Shape) != 1 || e.Shape[0] != 3 {
			return nil, parseErr(file, -1, ErrShape, "position %d has shape %v, want (3,)", i, e.Shape)
		}
		if err := checkFinite(e.Float, 3, file); err != nil {
			return nil, err
		}
		for k := range 3 {
			pos.Set(i, k, e.Float[k]*VoxelNM[k])
		}
	}
	return pos, nil
}

// decodeSpikes reads a pickled object array of N sorted float spike trains.
func decodeSpikes(b []byte, file string, n int, ref string) ([][]float64, error) {
	elems, err := DecodeObjectNPY(b, file)
	if err != nil {
		return nil, err
	}
	if len(elems) != n {
		return nil, parseErr(file, -1, ErrMismatch, "%d spike trains, want %d as in %s", len(elems), n, ref)
	}
	out := make([][]float64, n)
	for i, e := range elems {
		if len(e.Shape) != 1 {
			return nil, parseErr(file, -1, ErrShape, "spike train %d has shape %v, want 1-D", i, e.Shape)
		}
		if e.Int != nil {
			return nil, parseErr(file, -1, ErrDType, "spike train %d has dtype %s, want float seconds", i, e.DType)
		}
		if err := checkTrain(e.Float); err != nil {
			return nil, parseErr(file, -1, ErrValue, "spike train %d: %v", i, err)
		}
		out[i] = e.Float
	}
	return out, nil
}
