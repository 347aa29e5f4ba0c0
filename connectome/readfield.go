package connectome

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
)

// FieldReader reads published field folders. Its zero value is strict: a
// functional matrix that fails CheckFunctional is an error.
type FieldReader struct {
	// AllowOutOfSpec accepts functional matrices that fail the meaning
	// checks of CheckFunctional (range, symmetry, unit diagonal) and returns
	// each failure as a warning instead. An all-zero matrix, a non-finite
	// value or an inconsistent N is an error regardless.
	AllowOutOfSpec bool
}

// ReadDir reads the published field folder dir, <session>_<scan>_<field>/
// (the layout of the paper's "CorticalBlueprintRNN" repository,
// Model/DATA/info/<f>; described in docs/method.md §1). The folder's base
// name is the field name f.
//
// Required files: connectome_<f>.csv, corr_matrix.npy, sttc_matrix.npy and
// positions_<f>.npy. Optional (nil in the Field when absent):
// precision_matrix.npy (needed only by SourcePrecision), spikes_<f>.npy,
// root_ids_<f>.npy, unit_ids_<f>.npy and target_ids_<f>.npy. Every file
// must agree on N; positions are converted from voxels to nanometres
// (VoxelNM); Grid is set from the INF.md table when the name is listed
// there. Functional matrices are checked with CheckFunctional. Errors name
// the file and the problem; warnings (only with AllowOutOfSpec) are
// *ParseError values wrapping ErrOutOfSpec. The library never prints them.
func (r FieldReader) ReadDir(dir string) (*Field, []error, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, &ParseError{File: dir, Offset: -1, Err: err}
	}
	return r.read(os.DirFS(abs), ".", filepath.Base(abs), func(n string) string { return filepath.Join(abs, n) })
}

// ReadFS is ReadDir on the folder dir of fsys; path.Base(dir) is the field
// name, so dir must name the folder (e.g. "6_6_2"), not ".".
func (r FieldReader) ReadFS(fsys fs.FS, dir string) (*Field, []error, error) {
	name := path.Base(dir)
	if name == "." || name == "/" || name == ".." {
		return nil, nil, parseErr(dir, -1, ErrFormat, "cannot take the field name from folder %q: open the parent folder and pass the field folder's name", dir)
	}
	return r.read(fsys, dir, name, func(n string) string { return path.Join(dir, n) })
}

// ReadFieldDir reads a published field folder strictly:
// FieldReader{}.ReadDir(dir) (see there for the files and checks).
func ReadFieldDir(dir string) (*Field, error) {
	f, _, err := FieldReader{}.ReadDir(dir)
	return f, err
}

// ReadFieldFS is ReadFieldDir on the folder dir of fsys:
// FieldReader{}.ReadFS(fsys, dir).
func ReadFieldFS(fsys fs.FS, dir string) (*Field, error) {
	f, _, err := FieldReader{}.ReadFS(fsys, dir)
	return f, err
}

func (r FieldReader) read(fsys fs.FS, dir, name string, display func(string) string) (*Field, []error, error) {
	// open returns a nil file and no error for an absent optional file.
	open := func(file string, optional bool) (fs.File, error) {
		fh, err := fsys.Open(path.Join(dir, file))
		if err != nil {
			if optional && errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
			return nil, &ParseError{File: display(file), Offset: -1, Err: err}
		}
		return fh, nil
	}
	f := &Field{Name: name, Source: "published field folder " + display("")}
	f.Grid, _ = GridShape(name)

	connFile := "connectome_" + name + ".csv"
	fh, err := open(connFile, false)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(fh)
	fh.Close()
	if err != nil {
		return nil, nil, &ParseError{File: display(connFile), Offset: -1, Err: err}
	}
	if f.Synapses, err = DecodeCountMatrixCSV(b, display(connFile)); err != nil {
		return nil, nil, err
	}
	f.N, _ = f.Synapses.Dims()

	var warnings []error
	for _, m := range []struct {
		file     string
		kind     functional
		dst      **mat.Dense
		optional bool
	}{
		{"corr_matrix.npy", kindCorr, &f.Corr, false},
		{"sttc_matrix.npy", kindSTTC, &f.STTC, false},
		{"precision_matrix.npy", kindPrecision, &f.Precision, true},
	} {
		fh, err := open(m.file, m.optional)
		if err != nil {
			return nil, nil, err
		}
		if fh == nil {
			continue
		}
		a, err := DecodeNPY(fh, display(m.file))
		fh.Close()
		if err != nil {
			return nil, nil, err
		}
		if len(a.Shape) != 2 || a.Shape[0] != f.N || a.Shape[1] != f.N {
			return nil, nil, parseErr(display(m.file), -1, ErrMismatch, "shape %v, want (%d, %d) as in %s", a.Shape, f.N, f.N, connFile)
		}
		if *m.dst, err = a.matrix(display(m.file)); err != nil {
			return nil, nil, err
		}
		violations, err := checkFunctional(*m.dst, m.kind, display(m.file))
		if err != nil {
			return nil, nil, err
		}
		if len(violations) > 0 && !r.AllowOutOfSpec {
			return nil, nil, violations[0]
		}
		warnings = append(warnings, violations...)
	}

	posFile := "positions_" + name + ".npy"
	if fh, err = open(posFile, false); err != nil {
		return nil, nil, err
	}
	f.Positions, err = decodePositions(fh, display(posFile), f.N, connFile)
	fh.Close()
	if err != nil {
		return nil, nil, err
	}

	spFile := "spikes_" + name + ".npy"
	if fh, err = open(spFile, true); err != nil {
		return nil, nil, err
	}
	if fh != nil {
		f.Spikes, err = decodeSpikes(fh, display(spFile), f.N, connFile)
		fh.Close()
		if err != nil {
			return nil, nil, err
		}
	}

	for _, ids := range []struct {
		prefix string
		dst    *[]int64
	}{{"root_ids_", &f.RootIDs}, {"unit_ids_", &f.UnitIDs}, {"target_ids_", &f.TargetIDs}} {
		file := ids.prefix + name + ".npy"
		if fh, err = open(file, true); err != nil {
			return nil, nil, err
		}
		if fh == nil {
			continue
		}
		a, err := DecodeNPY(fh, display(file))
		fh.Close()
		if err != nil {
			return nil, nil, err
		}
		if a.Int == nil {
			return nil, nil, parseErr(display(file), -1, ErrDType, "dtype %s, want integer ids", a.DType)
		}
		if len(a.Shape) != 1 || a.Shape[0] != f.N {
			return nil, nil, parseErr(display(file), -1, ErrMismatch, "shape %v, want (%d,) as in %s", a.Shape, f.N, connFile)
		}
		*ids.dst = a.Int
	}
	return f, warnings, nil
}

// decodePositions reads a pickled object array of N (x, y, z) voxel triples
// and returns N×3 positions in nm.
func decodePositions(r io.Reader, file string, n int, ref string) (*mat.Dense, error) {
	elems, err := DecodeObjectNPY(r, file)
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
		if err := checkFinite(e.Float, 3, i, file); err != nil {
			return nil, err
		}
		for k := range 3 {
			pos.Set(i, k, e.Float[k]*VoxelNM[k])
		}
	}
	return pos, nil
}

// decodeSpikes reads a pickled object array of N sorted float spike trains.
func decodeSpikes(r io.Reader, file string, n int, ref string) ([][]float64, error) {
	elems, err := DecodeObjectNPY(r, file)
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
