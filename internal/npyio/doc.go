// Package npyio reads and writes numpy's .npy and .npz files: the one codec
// of the module, used by connectome's field readers, rnn's checkpoints and
// anything that stores arrays.
//
// # Format
//
// A .npy file (NEP 1, https://numpy.org/neps/nep-0001-npy-format.html) is
// the magic "\x93NUMPY", a version (1.0, 2.0 or 3.0), the length of a
// header dictionary {'descr': dtype, 'fortran_order': bool, 'shape': tuple}
// written as a Python literal, and the raw items. An .npz file is a zip of
// .npy members, one per named array (numpy.savez stores them,
// numpy.savez_compressed deflates them).
//
// # Reading
//
// Read takes an io.Reader; ReadHeader and ReadData split it so that a
// caller can check dtype and shape before any data is read. The header
// parser accepts exactly the literal subset numpy writes (dicts, tuples,
// quoted strings, integers, True, False, None), at most 64 KiB. Dtypes:
// f4, f8, i1–i8, u1–u8, b1 and U<n> in either byte order, C or Fortran
// order (returned in C order), decoded into the matching Go slice. Object
// arrays ("|O", pickled) are not decoded here: ReadHeader still parses their
// header, and package connectome interprets the pickle.
//
// OpenNPZ takes an io.ReaderAt and its size (a zip needs random access;
// nothing is buffered whole). Archive.Header decompresses only a member's
// header and checks it against the archive; Archive.Read then reads the
// member through a limit equal to the size the header implies.
//
// Every reader has fs.FS-and-name (ReadFS, OpenNPZFS) and path (ReadFile,
// OpenNPZFile) forms, thin wrappers over the io forms.
//
// # Bounded by the file
//
// Hostile files cannot make a reader panic or allocate more than a small
// multiple of the bytes they hold: shape products are overflow-checked;
// data is read in 1 MiB chunks into slices that grow as bytes arrive; a
// member's declared size must equal what its header implies and be backed
// by its compressed bytes (deflate expands at most 1032-fold). Errors are
// *ParseError{File, Offset, Err} wrapping ErrFormat, ErrDType, ErrShape or
// ErrValue, so errors.Is works.
//
// # Writing
//
// Write stores an Array little-endian in C order with the header numpy.save
// writes (byte for byte, checked against numpy 1.24 in testdata). To store
// named arrays that np.load opens, e.g. trained weights:
//
//	zw := npyio.NewNPZWriter(f, npyio.Stored) // or npyio.Deflated
//	if err := zw.Write("W_rec", &npyio.Array{Shape: []int{n, n}, Data: wrec}); err != nil { … }
//	if err := zw.Write("b", &npyio.Array{Shape: []int{n}, Data: bias}); err != nil { … }
//	err := zw.Close()
//
// or WriteNPZFile(path, npyio.Stored, npyio.Named{"W_rec", a}, …). In
// Python, np.load(path)["W_rec"] is the n×n float32 array.
package npyio
