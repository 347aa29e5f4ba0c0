package connectome

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Synapse is one row of a CAVE synapse table (e.g. MICrONS
// synapses_pni_2): a synapse from the segment PreRootID onto PostRootID with
// its cleft size in voxels.
type Synapse struct {
	PreRootID, PostRootID int64
	Size                  float64
}

// Soma is one row of a CAVE cell/soma table (e.g. nucleus_detection_v0):
// the nucleus id (0 when the table has no id column), the segment root id and
// the soma position in voxels (VoxelNM).
type Soma struct {
	ID       int64
	RootID   int64
	Position [3]float64
}

// Coregistration is one row of a CAVE co-registration table (e.g.
// coregistration_manual_v4): functional unit (Session, ScanIdx, Field,
// UnitID) matched to an EM segment RootID and/or nucleus TargetID (0 when the
// table lacks that column).
type Coregistration struct {
	Session, ScanIdx, Field int
	UnitID                  int64
	RootID                  int64
	TargetID                int64
}

// csvTable wraps encoding/csv with header lookup and located errors.
type csvTable struct {
	file   string
	r      *csv.Reader
	cols   map[string]int
	record []string
}

func openTable(r io.Reader, file string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	hdr, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, parseErr(file, 0, ErrFormat, "empty table (no header row)")
		}
		return nil, csvErr(file, cr, err)
	}
	t := &csvTable{file: file, r: cr, cols: map[string]int{}}
	for i, h := range hdr {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.cols[h]; dup && h != "" {
			return nil, parseErr(file, 0, ErrFormat, "line 1: duplicate column %q", h)
		}
		t.cols[h] = i
	}
	return t, nil
}

func csvErr(file string, cr *csv.Reader, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return parseErr(file, cr.InputOffset(), ErrFormat, "line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return &ParseError{File: file, Offset: cr.InputOffset(), Err: err}
}

func (t *csvTable) has(col string) bool { _, ok := t.cols[col]; return ok }

func (t *csvTable) need(cols ...string) error {
	for _, c := range cols {
		if !t.has(c) {
			return parseErr(t.file, 0, ErrFormat, "line 1: missing column %q", c)
		}
	}
	return nil
}

// next reads a record; it returns false at the end of the table.
func (t *csvTable) next() (bool, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, csvErr(t.file, t.r, err)
	}
	t.record = rec
	return true, nil
}

func (t *csvTable) line() int { l, _ := t.r.FieldPos(0); return l }

func (t *csvTable) errf(col, format string, args ...any) error {
	return parseErr(t.file, t.r.InputOffset(), ErrValue, "line %d, column %q: %s", t.line(), col, fmt.Sprintf(format, args...))
}

func (t *csvTable) int64(col string) (int64, error) {
	s := strings.TrimSpace(t.record[t.cols[col]])
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// pandas writes integer columns with missing values as floats.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, t.errf(col, "%q is not an integer", s)
		}
		v = int64(f)
	}
	return v, nil
}

func (t *csvTable) float(col string) (float64, error) {
	s := strings.TrimSpace(t.record[t.cols[col]])
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.errf(col, "%q is not a finite number", s)
	}
	return v, nil
}

// ReadSynapseTable reads a CAVE synapse table exported as CSV: columns
// pre_pt_root_id, post_pt_root_id and size (others are ignored). Sizes must
// be finite and non-negative. file names the source in errors.
func ReadSynapseTable(r io.Reader, file string) ([]Synapse, error) {
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	if err := t.need("pre_pt_root_id", "post_pt_root_id", "size"); err != nil {
		return nil, err
	}
	var out []Synapse
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return out, err
		}
		var s Synapse
		if s.PreRootID, err = t.int64("pre_pt_root_id"); err != nil {
			return nil, err
		}
		if s.PostRootID, err = t.int64("post_pt_root_id"); err != nil {
			return nil, err
		}
		if s.Size, err = t.float("size"); err != nil {
			return nil, err
		}
		if s.Size < 0 {
			return nil, t.errf("size", "negative size %v", s.Size)
		}
		out = append(out, s)
	}
}

// ReadSomaTable reads a CAVE cell/soma table exported as CSV: pt_root_id and
// either pt_position_x, pt_position_y, pt_position_z or one bracketed
// pt_position column ("[x y z]" or "[x, y, z]"), in voxels; an optional id
// column (the nucleus id that co-registration tables call target_id).
func ReadSomaTable(r io.Reader, file string) ([]Soma, error) {
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	if err := t.need("pt_root_id"); err != nil {
		return nil, err
	}
	split := t.has("pt_position_x") && t.has("pt_position_y") && t.has("pt_position_z")
	if !split && !t.has("pt_position") {
		return nil, parseErr(file, 0, ErrFormat, "line 1: missing column \"pt_position\" (or pt_position_x/_y/_z)")
	}
	var out []Soma
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return out, err
		}
		var s Soma
		if s.RootID, err = t.int64("pt_root_id"); err != nil {
			return nil, err
		}
		if t.has("id") {
			if s.ID, err = t.int64("id"); err != nil {
				return nil, err
			}
		}
		if split {
			for k, c := range []string{"pt_position_x", "pt_position_y", "pt_position_z"} {
				if s.Position[k], err = t.float(c); err != nil {
					return nil, err
				}
			}
		} else if s.Position, err = t.bracketed("pt_position"); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

// bracketed parses "[x y z]" or "[x, y, z]".
func (t *csvTable) bracketed(col string) ([3]float64, error) {
	var p [3]float64
	s := strings.TrimSpace(t.record[t.cols[col]])
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return p, t.errf(col, "%q is not a bracketed [x y z] position", s)
	}
	parts := strings.FieldsFunc(s[1:len(s)-1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(parts) != 3 {
		return p, t.errf(col, "%q has %d coordinates, want 3", s, len(parts))
	}
	for k, q := range parts {
		v, err := strconv.ParseFloat(q, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return p, t.errf(col, "coordinate %q is not a finite number", q)
		}
		p[k] = v
	}
	return p, nil
}

// ReadCoregistrationTable reads a CAVE co-registration table exported as
// CSV: session, scan_idx, field, unit_id and at least one of pt_root_id and
// target_id.
func ReadCoregistrationTable(r io.Reader, file string) ([]Coregistration, error) {
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	if err := t.need("session", "scan_idx", "field", "unit_id"); err != nil {
		return nil, err
	}
	if !t.has("pt_root_id") && !t.has("target_id") {
		return nil, parseErr(file, 0, ErrFormat, "line 1: missing column \"pt_root_id\" or \"target_id\"")
	}
	var out []Coregistration
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return out, err
		}
		var c Coregistration
		var v int64
		for _, f := range []struct {
			col string
			dst *int
		}{{"session", &c.Session}, {"scan_idx", &c.ScanIdx}, {"field", &c.Field}} {
			if v, err = t.int64(f.col); err != nil {
				return nil, err
			}
			if v < 0 || v > math.MaxInt32 {
				return nil, t.errf(f.col, "%d out of range", v)
			}
			*f.dst = int(v)
		}
		if c.UnitID, err = t.int64("unit_id"); err != nil {
			return nil, err
		}
		if t.has("pt_root_id") {
			if c.RootID, err = t.int64("pt_root_id"); err != nil {
				return nil, err
			}
		}
		if t.has("target_id") {
			if c.TargetID, err = t.int64("target_id"); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
}

// Tables holds MICrONS table exports; name each table's source for errors.
type Tables struct {
	Synapses       []Synapse
	Somas          []Soma
	Coregistration []Coregistration
	Source         string // provenance recorded in Field.Source
}

// FieldFromTables builds the Field of one imaging field (session, scan,
// field): its neurons are the co-registered units of that field, ordered by
// unit id. Each unit's segment is its pt_root_id, or, when the
// co-registration table has only target_id, the pt_root_id of the soma whose
// id equals target_id. Positions are those somata's pt_position converted to
// nm; Synapses[i][j] counts the synapse rows with pre = neuron i and post =
// neuron j (row = presynaptic). Corr, STTC, Precision and Spikes stay nil
// (tables carry no activity). Grid is set from INF.md when listed.
//
// It returns an error wrapping ErrMismatch when the field has no units, when
// a unit has no soma, or when two units map to the same segment.
func FieldFromTables(t Tables, session, scan, field int) (*Field, error) {
	name := fmt.Sprintf("%d_%d_%d", session, scan, field)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("connectome: tables for field %s: %w: %s", name, ErrMismatch, fmt.Sprintf(format, args...))
	}
	var units []Coregistration
	for _, c := range t.Coregistration {
		if c.Session == session && c.ScanIdx == scan && c.Field == field {
			units = append(units, c)
		}
	}
	if len(units) == 0 {
		return nil, fail("no co-registered units")
	}
	sort.SliceStable(units, func(a, b int) bool { return units[a].UnitID < units[b].UnitID })
	byRoot := map[int64]int{}
	byID := map[int64]int{}
	for k, s := range t.Somas {
		if _, dup := byRoot[s.RootID]; !dup {
			byRoot[s.RootID] = k
		}
		if s.ID != 0 {
			byID[s.ID] = k
		}
	}
	n := len(units)
	f := &Field{Name: name, Source: t.Source, N: n, Positions: mat.NewDense(n, 3, nil), Synapses: mat.NewDense(n, n, nil)}
	if f.Source == "" {
		f.Source = "MICrONS CAVE table exports"
	}
	f.Grid, _ = GridShape(name)
	f.RootIDs, f.UnitIDs, f.TargetIDs = make([]int64, n), make([]int64, n), make([]int64, n)
	index := map[int64]int{}
	for i, u := range units {
		if i > 0 && u.UnitID == units[i-1].UnitID {
			return nil, fail("unit %d listed twice", u.UnitID)
		}
		root, k, ok := u.RootID, 0, false
		if root != 0 {
			k, ok = byRoot[root]
		} else if k, ok = byID[u.TargetID]; ok {
			root = t.Somas[k].RootID
		}
		if !ok {
			return nil, fail("unit %d (root %d, target %d) has no soma in the soma table", u.UnitID, u.RootID, u.TargetID)
		}
		if prev, dup := index[root]; dup {
			return nil, fail("units %d and %d share segment %d", units[prev].UnitID, u.UnitID, root)
		}
		index[root] = i
		f.RootIDs[i], f.UnitIDs[i], f.TargetIDs[i] = root, u.UnitID, u.TargetID
		for c := range 3 {
			f.Positions.Set(i, c, t.Somas[k].Position[c]*VoxelNM[c])
		}
	}
	if !hasNonZero(f.TargetIDs) {
		f.TargetIDs = nil
	}
	for _, s := range t.Synapses {
		i, ok1 := index[s.PreRootID]
		j, ok2 := index[s.PostRootID]
		if ok1 && ok2 {
			f.Synapses.Set(i, j, f.Synapses.At(i, j)+1)
		}
	}
	return f, nil
}

func hasNonZero(v []int64) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}
