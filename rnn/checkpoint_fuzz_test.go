package rnn

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzLoad feeds Load arbitrary archives, seeded with a real checkpoint and
// the hostile variants of TestCheckpointHostile. Run it with
//
//	go test -run='^$' -fuzz=FuzzLoad -fuzztime=60s -parallel 1 ./rnn/
//
// The property: Load returns a trainer or an error wrapping ErrCheckpoint,
// never panics; a trainer it returns saves and loads again.
func FuzzLoad(f *testing.F) {
	raw := savedCheckpoint(f)
	ms := members(f, raw)
	f.Add(raw)
	f.Add(rawNPZ(f, ms))
	f.Add(rawNPZ(f, replace(ms, "W_in.npy", &member{name: "W_in.npy", data: npyBytes("<f4", "(4611686018427387904,)", nil), declared: -1})))
	f.Add(rawNPZ(f, replace(ms, "config.npy", &member{name: "config.npy", data: npyBytes("<U4611686018427387904", "()", nil), declared: -1})))
	f.Add(rawNPZ(f, replace(ms, "config.npy", ptr(configWith(f, ms, "NRec", 3e9)))))
	f.Add(rawNPZ(f, replace(ms, "config.npy", ptr(configWith(f, ms, "NRec", 100000)))))
	f.Add(rawNPZ(f, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: npyBytes("<f4", "(16, 16)", make([]byte, 16*16*4+4096)), deflate: true, declared: -1})))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Load(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			require.ErrorIs(t, err, ErrCheckpoint)
			return
		}
		var buf bytes.Buffer
		require.NoError(t, tr.Save(&buf))
		_, err = Load(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		require.NoError(t, err)
	})
}
