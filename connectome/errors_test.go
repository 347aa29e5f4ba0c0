package connectome

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
)

// TestParseErrorIsTheCodecs checks that ParseError is one type with the
// npy codec's: an error of either matches errors.As with either pointer,
// names the file and offset, and wraps the shared sentinels.
func TestParseErrorIsTheCodecs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  func() error
	}{
		{"connectome reader", func() error {
			_, err := DecodeNPY(bytes.NewReader([]byte("\x93NUMPY\x01\x00garbage")), "bad.npy")
			return err
		}},
		{"codec", func() error {
			_, err := npyio.ReadHeader(bytes.NewReader([]byte("not npy at all")))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			require.Error(t, err)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "%v (%T) is not a *connectome.ParseError", err, err)
			var cpe *npyio.ParseError
			require.True(t, errors.As(err, &cpe))
			assert.Same(t, pe, cpe, "one type, one value")
			assert.ErrorIs(t, err, ErrFormat)
			assert.ErrorIs(t, err, npyio.ErrFormat)
		})
	}
	named := &ParseError{File: "bad.npy", Offset: 3, Err: ErrFormat}
	assert.Equal(t, "bad.npy: offset 3: malformed file", named.Error())
	whole := &ParseError{File: "bad.npy", Offset: -1, Err: ErrShape}
	assert.Equal(t, "bad.npy: unexpected shape", whole.Error())
	assert.Equal(t, ErrShape, errors.Unwrap(whole))
}
