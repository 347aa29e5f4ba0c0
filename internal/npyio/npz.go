package npyio

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// maxDeflateRatio bounds the expansion of a deflated member: deflate cannot
// expand data more than 1032-fold (a 258-byte match in under 2 bits), so a
// member that declares more is refused before anything is decompressed.
const maxDeflateRatio = 1032

// Archive reads the arrays of an .npz file (a zip of .npy members, as
// numpy.savez and numpy.savez_compressed write it), one member at a time,
// through random access: nothing is read until an array is asked for, and
// a member is read only up to the size its .npy header implies.
type Archive struct {
	name    string // for errors; empty for a bare io.ReaderAt
	size    int64
	members map[string]*zip.File
	names   []string
	closer  io.Closer
}

// OpenNPZ opens the .npz archive held by r, of size bytes. Errors are
// *ParseError values wrapping ErrFormat.
func OpenNPZ(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, parseErr(-1, ErrFormat, "not a readable zip archive: %v", err)
	}
	a := &Archive{size: size, members: map[string]*zip.File{}}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		if _, dup := a.members[name]; dup {
			return nil, parseErr(-1, ErrFormat, "member %s appears twice", f.Name)
		}
		a.members[name] = f
		a.names = append(a.names, name)
	}
	return a, nil
}

// OpenNPZFS opens the .npz file name of fsys; the file must support
// random access (io.ReaderAt, as os.DirFS, embed.FS and fstest.MapFS files
// do). Close it when done.
func OpenNPZFS(fsys fs.FS, name string) (*Archive, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	a, err := openFile(f, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

// OpenNPZFile opens the .npz file at path. Close it when done.
func OpenNPZFile(path string) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: err}
	}
	a, err := openFile(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

func openFile(f fs.File, name string) (*Archive, error) {
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return nil, &ParseError{File: name, Offset: -1, Err: errors.New("file does not support random access (io.ReaderAt)")}
	}
	st, err := f.Stat()
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	a, err := OpenNPZ(ra, st.Size())
	if err != nil {
		return nil, named(err, name)
	}
	a.name, a.closer = name, f
	return a, nil
}

// Close closes the file opened by OpenNPZFS or OpenNPZFile; it does nothing
// for an archive opened with OpenNPZ.
func (a *Archive) Close() error {
	if a.closer == nil {
		return nil
	}
	return a.closer.Close()
}

// Names returns the array names (member names without ".npy") in archive
// order. Members not ending in ".npy" are ignored.
func (a *Archive) Names() []string { return slices.Clone(a.names) }

// Has reports whether the archive holds the array name.
func (a *Archive) Has(name string) bool { _, ok := a.members[name]; return ok }

func (a *Archive) file(member string) string {
	if a.name == "" {
		return member
	}
	return a.name + ": " + member
}

// Header reads the .npy header of the array name and checks it against the
// archive: the data size it implies must equal the member's declared size,
// which must be backed by the bytes present (a stored member's own bytes, or
// at most 1032 times the compressed bytes of a deflated one). It
// decompresses only the header, so a caller can check dtype and shape
// before any data is read.
func (a *Archive) Header(name string) (*Header, error) {
	h, rc, err := a.open(name)
	if rc != nil {
		rc.Close()
	}
	return h, err
}

// Read reads the array name (see Read for the dtypes; object arrays are not
// read from archives). Its member is read through a limit of the size the
// header implies and its CRC-32 is checked.
func (a *Archive) Read(name string) (*Array, error) {
	h, rc, err := a.open(name)
	if err != nil {
		if rc != nil {
			rc.Close()
		}
		return nil, err
	}
	defer rc.Close()
	file := a.file(name + ".npy")
	_, _, nb, _ := h.DataBytes()
	arr, err := ReadData(io.LimitReader(rc, nb), h)
	if err != nil {
		return nil, named(err, file)
	}
	// Reading on to the end checks the CRC-32 and that the member holds no
	// more than it declares.
	var one [1]byte
	if k, err := io.ReadFull(rc, one[:]); k > 0 || errors.Is(err, zip.ErrFormat) {
		return nil, &ParseError{File: file, Offset: h.Len + nb, Err: fmt.Errorf("%w: member holds more bytes than its header implies", ErrFormat)}
	} else if err != nil && !errors.Is(err, io.EOF) {
		return nil, &ParseError{File: file, Offset: h.Len + nb, Err: fmt.Errorf("%w: %v", ErrFormat, err)}
	}
	return arr, nil
}

func (a *Archive) open(name string) (*Header, io.ReadCloser, error) {
	f, ok := a.members[name]
	if !ok {
		return nil, nil, &ParseError{File: a.file(name + ".npy"), Offset: -1, Err: fmt.Errorf("%w: no such array", fs.ErrNotExist)}
	}
	file := a.file(f.Name)
	bad := func(format string, args ...any) error {
		return &ParseError{File: file, Offset: -1, Err: fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))}
	}
	switch f.Method {
	case zip.Store:
		if f.CompressedSize64 != f.UncompressedSize64 {
			return nil, nil, bad("stored member declares %d bytes but holds %d", f.UncompressedSize64, f.CompressedSize64)
		}
	case zip.Deflate:
		if f.UncompressedSize64/maxDeflateRatio > f.CompressedSize64 {
			return nil, nil, bad("deflated member declares %d bytes from %d compressed bytes, more than deflate can expand", f.UncompressedSize64, f.CompressedSize64)
		}
	default:
		return nil, nil, bad("compression method %d (want stored or deflated)", f.Method)
	}
	if f.CompressedSize64 > uint64(a.size) {
		return nil, nil, bad("member declares %d compressed bytes in a %d-byte archive", f.CompressedSize64, a.size)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, bad("%v", err)
	}
	h, err := ReadHeader(io.LimitReader(rc, int64(min(f.UncompressedSize64, 1<<62))))
	if err != nil {
		return nil, rc, named(err, file)
	}
	if _, _, nb, err := h.DataBytes(); err != nil {
		return nil, rc, &ParseError{File: file, Offset: -1, Err: err}
	} else if uint64(h.Len)+uint64(nb) != f.UncompressedSize64 {
		return nil, rc, bad("header implies %d bytes (dtype %s, shape %v), member declares %d", uint64(h.Len)+uint64(nb), h.Descr, h.Shape, f.UncompressedSize64)
	}
	return h, rc, nil
}

// Method is how an NPZWriter stores members.
type Method uint16

const (
	// Stored writes members uncompressed, as numpy.savez does.
	Stored = Method(zip.Store)
	// Deflated compresses members, as numpy.savez_compressed does.
	Deflated = Method(zip.Deflate)
)

// NPZWriter writes named arrays into an .npz archive that numpy.load opens
// (np.load(path)[name] gives the array back).
//
//	zw := npyio.NewNPZWriter(f, npyio.Stored)
//	zw.Write("W_rec", &npyio.Array{Shape: []int{n, n}, Data: w}) // w []float32, row-major
//	err := zw.Close()
type NPZWriter struct {
	zw     *zip.Writer
	method Method
	seen   map[string]bool
}

// NewNPZWriter returns a writer of an .npz archive onto w.
func NewNPZWriter(w io.Writer, m Method) *NPZWriter {
	return &NPZWriter{zw: zip.NewWriter(w), method: m, seen: map[string]bool{}}
}

// Write adds the array a under name (stored as name + ".npy"). It returns an
// error for an empty or repeated name and the errors of Write.
func (z *NPZWriter) Write(name string, a *Array) error {
	if name == "" || z.seen[name] {
		return fmt.Errorf("npyio: array name %q is empty or already written", name)
	}
	if z.method != Stored && z.method != Deflated {
		return fmt.Errorf("npyio: unknown method %d", z.method)
	}
	if _, err := a.header(); err != nil { // check before a member is started
		return err
	}
	z.seen[name] = true
	f, err := z.zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: uint16(z.method)})
	if err != nil {
		return err
	}
	return Write(f, a)
}

// Close finishes the archive; it does not close the underlying writer.
func (z *NPZWriter) Close() error { return z.zw.Close() }

// Named is an array with its name in an archive.
type Named struct {
	Name  string
	Array *Array
}

// WriteNPZFile writes the arrays, in order, to a new .npz file at path.
func WriteNPZFile(path string, m Method, arrays ...Named) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := NewNPZWriter(f, m)
	for _, a := range arrays {
		if err := zw.Write(a.Name, a.Array); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
