package connectome

import (
	"os"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readTables(t *testing.T, somaFile, coregFile string) Tables {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open("testdata/cave/" + name)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	syn, err := ReadSynapseTable(open("synapses.csv"), "synapses.csv")
	require.NoError(t, err)
	somas, err := ReadSomaTable(open(somaFile), somaFile)
	require.NoError(t, err)
	coreg, err := ReadCoregistrationTable(open(coregFile), coregFile)
	require.NoError(t, err)
	return Tables{Synapses: syn, Somas: somas, Coregistration: coreg, Source: "testdata/cave"}
}

// The expected field is worked out by hand in testdata/cave/README.md.
func TestFieldFromTables(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ soma, coreg string }{
		{"somas.csv", "coregistration.csv"},
		{"somas_split.csv", "coregistration.csv"},
		{"somas.csv", "coregistration_target.csv"},
	} {
		t.Run(c.soma+"+"+c.coreg, func(t *testing.T) {
			f, err := FieldFromTables(readTables(t, c.soma, c.coreg), 6, 6, 2)
			require.NoError(t, err)
			require.Equal(t, 3, f.N)
			assert.Equal(t, "6_6_2", f.Name)
			assert.Equal(t, [3]int{12, 13, 2}, f.Grid)
			assert.Equal(t, []int64{17, 99, 412}, f.UnitIDs)
			assert.Equal(t, []int64{864691135464074909, 864691136904338866, 864691136010495406}, f.RootIDs)
			testutil.AssertSlicesClose(t, f.Synapses.RawMatrix().Data, []float64{0, 1, 2, 0, 0, 0, 1, 1, 0}, 0, 0, "synapse counts")
			testutil.AssertSlicesClose(t, f.Positions.RawRowView(0), []float64{167584 * 4, 104848 * 4, 26197 * 40}, 0, 0, "soma of unit 17 in nm")
			testutil.AssertSlicesClose(t, f.Positions.RawRowView(1), []float64{160000 * 4, 99000 * 4, 25000 * 40}, 0, 0, "bracketed with commas")
			assert.NoError(t, f.Check())
			assert.Nil(t, f.Corr, "functional data invented")
			assert.Nil(t, f.Spikes, "functional data invented")
		})
	}
}

func TestFieldFromTablesErrors(t *testing.T) {
	t.Parallel()
	tb := readTables(t, "somas.csv", "coregistration.csv")
	tb2 := tb
	tb2.Somas = tb.Somas[:1]
	tb3 := tb
	tb3.Coregistration = append(append([]Coregistration(nil), tb.Coregistration...), Coregistration{Session: 6, ScanIdx: 6, Field: 2, UnitID: 1000, RootID: 864691135464074909})
	cases := []struct {
		name              string
		tables            Tables
		sess, scan, field int
		msg               string
	}{
		{"empty selection", tb, 9, 9, 9, "no co-registered units"},
		{"missing soma", tb2, 6, 6, 2, "no soma"},
		{"shared segment", tb3, 6, 6, 2, "share segment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := FieldFromTables(c.tables, c.sess, c.scan, c.field)
			require.ErrorIs(t, err, ErrMismatch)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

func TestCAVETableBadInput(t *testing.T) {
	t.Parallel()
	syn := func(s string) error { _, err := ReadSynapseTable(strings.NewReader(s), "syn.csv"); return err }
	soma := func(s string) error { _, err := ReadSomaTable(strings.NewReader(s), "soma.csv"); return err }
	coreg := func(s string) error { _, err := ReadCoregistrationTable(strings.NewReader(s), "coreg.csv"); return err }
	cases := []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"empty", syn(""), ErrFormat, "empty table"},
		{"missing column", syn("pre_pt_root_id,size\n1,2\n"), ErrFormat, "post_pt_root_id"},
		{"ragged", syn("pre_pt_root_id,post_pt_root_id,size\n1,2,3\n4,5\n"), ErrFormat, "line 3"},
		{"non-numeric id", syn("pre_pt_root_id,post_pt_root_id,size\nabc,2,3\n"), ErrValue, "line 2, column \"pre_pt_root_id\""},
		{"negative size", syn("pre_pt_root_id,post_pt_root_id,size\n1,2,-3\n"), ErrValue, "negative size"},
		{"NaN size", syn("pre_pt_root_id,post_pt_root_id,size\n1,2,NaN\n"), ErrValue, "finite"},
		{"bare quote", syn("pre_pt_root_id,post_pt_root_id,size\n1,\"2,3\n"), ErrFormat, "syn.csv"},
		{"no position", soma("pt_root_id,volume\n1,2\n"), ErrFormat, "pt_position"},
		{"bad bracket", soma("pt_root_id,pt_position\n1,\"167584 104848 26197\"\n"), ErrValue, "bracketed"},
		{"two coordinates", soma("pt_root_id,pt_position\n1,\"[1 2]\"\n"), ErrValue, "2 coordinates"},
		{"Inf coordinate", soma("pt_root_id,pt_position_x,pt_position_y,pt_position_z\n1,2,Inf,3\n"), ErrValue, "pt_position_y"},
		{"no root or target", coreg("session,scan_idx,field,unit_id\n6,6,2,1\n"), ErrFormat, "target_id"},
		{"fractional session", coreg("session,scan_idx,field,unit_id,pt_root_id\n6.5,6,2,1,3\n"), ErrValue, "session"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, c.err, c.want)
			assert.Contains(t, c.err.Error(), c.msg)
			assert.Contains(t, c.err.Error(), ".csv", "names the file")
		})
	}
}
