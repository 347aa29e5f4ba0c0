package paper

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

func TestShardParsing(t *testing.T) {
	t.Parallel()
	s, err := parseShard("2/5")
	require.NoError(t, err)
	assert.Equal(t, experiment.Shard{Index: 2, Count: 5}, s)
	for _, bad := range []string{"", "3", "5/5", "-1/3", "a/b", "1/0", "0/-2"} {
		_, err := parseShard(bad)
		assert.Error(t, err, bad)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	_, ok, err := shardFromEnv(env(nil))
	assert.False(t, ok)
	assert.NoError(t, err)
	for _, tc := range []struct {
		env  map[string]string
		want experiment.Shard
	}{
		{map[string]string{envSlurmTaskID: "3", envSlurmTaskCount: "4"}, experiment.Shard{Index: 3, Count: 4}},
		{map[string]string{envSlurmTaskID: "4", envSlurmTaskCount: "4", envSlurmTaskMin: "1"}, experiment.Shard{Index: 3, Count: 4}},
	} {
		s, ok, err := shardFromEnv(env(tc.env))
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, tc.want, s)
	}
	for _, m := range []map[string]string{
		{envSlurmTaskID: "4", envSlurmTaskCount: "4"},
		{envSlurmTaskID: "x", envSlurmTaskCount: "4"},
		{envSlurmTaskID: "1"},
	} {
		_, _, err := shardFromEnv(env(m))
		assert.Error(t, err, m)
	}
}

// FuzzParseShard: an accepted shard specification is valid and prints back
// as itself.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/1", "3/8", "8/8", "-1/2", "1/0", " 2 / 4", "9223372036854775807/9223372036854775807", "1/2/3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := parseShard(s)
		if err != nil {
			return
		}
		require.NoError(t, checkShard(sh))
		back, err := parseShard(shardText(sh))
		require.NoError(t, err)
		assert.Equal(t, sh, back)
	})
}

// FuzzShardFromEnv: the Slurm array variables give a valid shard, no
// shard (task id unset), or an error.
func FuzzShardFromEnv(f *testing.F) {
	for _, s := range [][3]string{{"0", "8", ""}, {"3", "4", "1"}, {"", "", ""}, {"5", "4", "0"}, {"1", "x", ""},
		{"9223372036854775807", "2", "-9223372036854775808"}, {" 1", "2 ", " 0 "}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, id, count, low string) {
		env := map[string]string{envSlurmTaskID: id, envSlurmTaskCount: count, envSlurmTaskMin: low}
		sh, ok, err := shardFromEnv(func(k string) string { return env[k] })
		if err != nil {
			assert.False(t, ok)
			return
		}
		if !ok {
			assert.Empty(t, id)
			return
		}
		require.NoError(t, checkShard(sh))
		assert.GreaterOrEqual(t, sh.Index, 0)
		assert.Less(t, sh.Index, max(sh.Count, 1))
	})
}
