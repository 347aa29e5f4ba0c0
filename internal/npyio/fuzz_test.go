package npyio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Fuzz targets for the codec. Seeds are the numpy-written golden files and
// the hostile headers of the tests. Run each with e.g.
//
//	go test -run='^$' -fuzz=FuzzRead -fuzztime=60s -parallel 1 ./internal/npyio/
//
// The properties: a reader returns a value or a *ParseError, never panics;
// what it returns, written and read again, writes the same bytes.

func addGlob(f *testing.F, pattern string) {
	matches, err := filepath.Glob(pattern)
	require.NoError(f, err)
	for _, p := range matches {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(b)
	}
}

// rewrite writes a, reads it back and requires the same bytes on a second
// write.
func rewrite(t *testing.T, a *Array) {
	var b1, b2 bytes.Buffer
	require.NoError(t, Write(&b1, a))
	back, err := Read(bytes.NewReader(b1.Bytes()))
	require.NoError(t, err)
	require.NoError(t, Write(&b2, back))
	require.Equal(t, b1.Bytes(), b2.Bytes())
}

func requireParseError(t *testing.T, err error) {
	var pe *ParseError
	require.True(t, errors.As(err, &pe), "error %v (%T) is not a *ParseError", err, err)
}

func FuzzRead(f *testing.F) {
	addGlob(f, "testdata/numpy/*.npy")
	f.Add(npyBytes(header("<f4", "(4611686018427387904,)"), nil))
	f.Add(npyBytes(header("<U4611686018427387904", "()"), nil))
	f.Add(npyBytes("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", make([]byte, 12)))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Read(bytes.NewReader(data))
		if err != nil {
			requireParseError(t, err)
			return
		}
		if len(a.Shape) <= MaxDims {
			rewrite(t, a)
		}
	})
}

func FuzzArchive(f *testing.F) {
	addGlob(f, "testdata/numpy/*.npz")
	addGlob(f, "testdata/go/*.npz")
	f.Fuzz(func(t *testing.T, data []byte) {
		z, err := OpenNPZ(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			requireParseError(t, err)
			return
		}
		for _, name := range z.Names() {
			if _, err := z.Header(name); err != nil {
				requireParseError(t, err)
				continue
			}
			a, err := z.Read(name)
			if err != nil {
				requireParseError(t, err)
				continue
			}
			if len(a.Shape) <= MaxDims {
				rewrite(t, a)
			}
		}
	})
}
