package rnn

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzReadWeights feeds ReadWeights arbitrary archives, seeded with real
// weights files (plain and Dale with a mask and an initial matrix) and
// damaged variants. Run it with
//
//	go test -run='^$' -fuzz=FuzzReadWeights -fuzztime=60s -parallel 1 ./rnn/
//
// The property: ReadWeights returns weights or an error wrapping
// ErrWeights, never panics; weights it returns write and read again to the
// same effective matrix.
func FuzzReadWeights(f *testing.F) {
	plain := PaperConfig(2, 6, 2)
	dale := plain
	dale.Dale, dale.RecurrentMask = true, checkerMask(6, 1)
	for _, cfg := range []Config{plain, dale} {
		raw := writeWeights(f, weightsModel(f, cfg, 1), weightsModel(f, cfg, 2))
		ms := weightsMembers(f, raw)
		f.Add(raw)
		f.Add(raw[:len(raw)-40])
		f.Add(rewrite(f, ms, setConfig(f, ms, "n_rec", 1<<27)))
		f.Add(rewrite(f, ms, setConfig(f, ms, "n_in", 0)))
		zs := members(f, raw)
		f.Add(rawNPZ(f, replace(zs, "W_in.npy", &member{name: "W_in.npy", data: npyBytes("<f4", "(4611686018427387904,)", nil), declared: -1})))
		f.Add(rawNPZ(f, replace(zs, "W_rec_eff.npy", &member{name: "W_rec_eff.npy", data: npyBytes("<f4", "(6, 6)", make([]byte, 6*6*4+4096)), deflate: true, declared: -1})))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ReadWeights(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			require.ErrorIs(t, err, ErrWeights)
			return
		}
		var buf bytes.Buffer
		require.NoError(t, WriteWeights(&buf, nil, w.Model))
		again, err := ReadWeights(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		require.NoError(t, err)
		require.Equal(t, w.Model.EffectiveRecurrentTo(nil).RawMatrix().Data, again.Model.EffectiveRecurrentTo(nil).RawMatrix().Data)
	})
}
