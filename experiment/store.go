package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/internal/variantalias"
	"github.com/cortexrnn/cortexrnn/spatial"
)

// On-disk layout of a sweep folder (besides the published files), folder
// format 2, documented in docs/sweep-format.md:
//
//	sweep-config.json     {"format": 2, "fingerprint", "config", "provenance"}:
//	                      the Config, the sweep's Fingerprint and the
//	                      Provenance of the invocation that created it
//	runs/<key>.json       one Record per finished run, e.g.
//	                      runs/Task1_WsDsC_sim0003.json (variantalias.Of
//	                      names, no shell or URL escapes)
//	runs/<key>.time       the run's wall time in seconds (RunResult.Seconds),
//	                      written just before the record
//
// A record holds the run's results, its RunFingerprint and the kernel and
// code that computed it; the results are a deterministic function of the
// configuration, the inputs, the kernel and the key, so they are
// byte-identical whatever the order, parallelism, sharding or resumption of
// the sweep. The wall time, which is not, lives in the .time file beside it.
//
// Folder format 1 (before input digests) had a flat Config in
// sweep-config.json, one hand-listed fingerprint for every run and
// percent-encoded file names (Task1_W%2AD%2AC_sim0003.json). Such folders
// are still read (LoadConfig, LoadRecords: their provenance is unknown),
// but never resumed or merged into (ErrForeignRun).
//
// Every file is written atomically: to a temporary ".tmp-…" file in the same
// folder, fsynced, renamed over the final name, and the folder fsynced. A
// kill -9 can leave only a stale ".tmp-…" file, which every reader ignores
// and Sweep.Run removes once it is older than an hour. A record that
// cannot be read or holds impossible values is moved aside
// by Sweep.Run to <name>.json.bad and its run retrained.

// folderFormat is the version of the sweep folder format this package
// writes (docs/sweep-format.md).
const folderFormat = 2

const (
	runsDir        = "runs"
	configJSONName = "sweep-config.json"
	tmpPrefix      = atomicfile.TempPrefix
)

// errOldFormat is wrapped by the errors of Sweep.Run and Merge on a folder
// written in an older folder format: its runs can be read (LoadRecords)
// but their inputs are unknown, so they are never taken as matching. It
// matches ErrForeignRun (errors.Is).
var errOldFormat error = &narrowError{"sweep folder of an older format", ErrForeignRun}

// narrowError is a sentinel with a message of its own that is also one of
// the cases of a broader exported sentinel, which it unwraps to.
type narrowError struct {
	msg   string
	broad error
}

func (e *narrowError) Error() string { return e.msg }
func (e *narrowError) Unwrap() error { return e.broad }

// Record is one finished run as stored in runs/.
type Record struct {
	Key RunKey
	// Seed is the run's RunSpec.Seed (stored for reference and checked on load).
	Seed uint64
	// Fingerprint is Config.RunFingerprint of the run under the sweep's
	// configuration and inputs (folder format 1: the sweep's fingerprint of
	// that format); a sweep refuses to reuse records of another one.
	Fingerprint string
	// Kernel is the BLAS kernel the run was trained on; Code and Go the
	// code version and the toolchain (as in Provenance). All three
	// are empty in folder format 1.
	Kernel, Code, Go string
	// ReusedFrom is empty for a run this sweep trained. For a run it
	// repeated from another sweep's records (RunResult.Origin, an
	// ablation's unchanged runs) it is that sweep's fingerprint, and
	// Kernel, Code and Go are those of the run there, the code that
	// computed the numbers.
	ReusedFrom string
	// Weights is the hex SHA-256 of the run's weights file
	// (runs/<key>.npz, StoredRun.WeightsFile), written before the record; empty
	// when the sweep kept no weights (Sweep.SkipWeights).
	Weights string
	Result  RunResult
}

// ErrForeignRun is wrapped by the errors about run files or sweep folders
// that belong to another sweep: another configuration or input data, a run
// file that does not match its name, or a folder of an older folder format
// (read-only: LoadConfig and LoadRecords read it, Sweep.Run and Merge
// refuse it). Nothing has been trained or written when Sweep.Run or Merge
// return it.
var ErrForeignRun = errors.New("run file from another configuration")

// ErrMixedKernels is wrapped by the errors of Sweep.Run and Merge when runs
// trained on different BLAS kernels would end up in one sweep without
// AllowMixedKernels.
var ErrMixedKernels = errors.New("runs trained on different BLAS kernels")

// runFileName returns the file name of key's record in folder format
// format: the variant by its alias (internal/variantalias) in format 2; in format 1 with
// characters other than ASCII letters, digits and '-' percent-encoded.
func runFileName(k RunKey, format int) string {
	if format >= 2 {
		return fmt.Sprintf("Task%d_%s_sim%04d.json", k.Task, variantalias.Of(k.Variant), k.Simulation)
	}
	var b strings.Builder
	for _, c := range []byte(k.Variant) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return fmt.Sprintf("Task%d_%s_sim%04d.json", k.Task, b.String(), k.Simulation)
}

// recordJSON is Record's file format. Values that are NaN (undefined graph
// metrics, the unavailable values of a diverged run) are stored as null.
type recordJSON struct {
	Task        int      `json:"task"`
	Variant     string   `json:"variant"`
	Simulation  int      `json:"simulation"`
	Seed        uint64   `json:"seed"`
	Fingerprint string   `json:"fingerprint"`
	Kernel      string   `json:"kernel,omitempty"`
	Code        string   `json:"code,omitempty"`
	Go          string   `json:"go,omitempty"`
	ReusedFrom  string   `json:"reused_from,omitempty"`
	Weights     string   `json:"weights_sha256,omitempty"`
	Accuracy    *float64 `json:"Accuracy"`
	Loss        *float64 `json:"Loss"`
	ValAcc      *float64 `json:"Validation_Accuracy"`
	ValLoss     *float64 `json:"Validation_Loss"`
	TestAcc     *float64 `json:"Test_Accuracy"`
	TestLoss    *float64 `json:"Test_Loss"`
	Modularity  *float64 `json:"Modularity"`
	SmallWorld  *float64 `json:"SmallWorldness"`
	Assort      *float64 `json:"Assortativity"`
	Entropy     *float64 `json:"Entropy"`
	// Diverged is present only for a run that diverged.
	Diverged *divergenceJSON `json:"diverged,omitempty"`
	// LargeLoss is present (true) only for a run whose loss blew up.
	LargeLoss bool `json:"large_loss,omitempty"`
	// LegacySeconds is read from records written before the wall time
	// moved to runs/<key>.time; it is never written.
	LegacySeconds *float64    `json:"seconds,omitempty"`
	History       []epochJSON `json:"history"`
}

type divergenceJSON struct {
	Epoch  int    `json:"epoch"`
	Batch  int    `json:"batch"`
	Reason string `json:"reason"`
}

// epochJSON is Epoch in a record (field names as Epoch's, NaN as null).
type epochJSON struct {
	Loss, Accuracy                     *float64
	ValidationLoss, ValidationAccuracy *float64
}

func nanToNil(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

func nilToNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func encodeRecord(r *Record) ([]byte, error) {
	res := &r.Result
	if err := res.validate(); err != nil {
		return nil, err
	}
	j := recordJSON{
		Task: r.Key.Task, Variant: r.Key.Variant, Simulation: r.Key.Simulation,
		Seed: r.Seed, Fingerprint: r.Fingerprint, Kernel: r.Kernel, Code: r.Code, Go: r.Go, ReusedFrom: r.ReusedFrom, Weights: r.Weights,
		Accuracy: nanToNil(res.Accuracy), Loss: nanToNil(res.Loss),
		ValAcc: nanToNil(res.ValidationAccuracy), ValLoss: nanToNil(res.ValidationLoss),
		TestAcc: nanToNil(res.TestAccuracy), TestLoss: nanToNil(res.TestLoss),
		Modularity: nanToNil(res.Modularity), SmallWorld: nanToNil(res.SmallWorldness),
		Assort: nanToNil(res.Assortativity), Entropy: nanToNil(res.Entropy),
		LargeLoss: res.LargeLoss,
		History:   make([]epochJSON, len(res.History)),
	}
	if d := res.Diverged; d != nil {
		j.Diverged = &divergenceJSON{Epoch: d.Epoch, Batch: d.Batch, Reason: d.Reason}
	}
	for i, e := range res.History {
		j.History[i] = epochJSON{Loss: nanToNil(e.Loss), Accuracy: nanToNil(e.Accuracy),
			ValidationLoss: nanToNil(e.ValidationLoss), ValidationAccuracy: nanToNil(e.ValidationAccuracy)}
	}
	b, err := json.MarshalIndent(j, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// errBadRecord is wrapped by the errors about a run record that cannot be
// read or holds impossible values (truncated, not JSON, an accuracy
// outside [0, 1], a non-finite loss of a run that did not diverge, a run
// other than its file name's). Sweep.Run moves such a file aside and
// retrains the run; LoadRecords refuses it.
var errBadRecord = errors.New("invalid run record")

func decodeRecord(path string, b []byte, format int) (Record, error) {
	var j recordJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Record{}, fmt.Errorf("experiment: run file %s: %w: %w", path, errBadRecord, err)
	}
	if dec.More() {
		return Record{}, fmt.Errorf("experiment: run file %s: %w: data after the record", path, errBadRecord)
	}
	r := Record{
		Key:  RunKey{Task: j.Task, Variant: j.Variant, Simulation: j.Simulation},
		Seed: j.Seed, Fingerprint: j.Fingerprint, Kernel: j.Kernel, Code: j.Code, Go: j.Go, ReusedFrom: j.ReusedFrom, Weights: j.Weights,
		Result: RunResult{
			Accuracy: nilToNaN(j.Accuracy), Loss: nilToNaN(j.Loss),
			ValidationAccuracy: nilToNaN(j.ValAcc), ValidationLoss: nilToNaN(j.ValLoss),
			TestAccuracy: nilToNaN(j.TestAcc), TestLoss: nilToNaN(j.TestLoss),
			Modularity: nilToNaN(j.Modularity), SmallWorldness: nilToNaN(j.SmallWorld),
			Assortativity: nilToNaN(j.Assort), Entropy: nilToNaN(j.Entropy),
			Seconds: math.NaN(), LargeLoss: j.LargeLoss,
		},
	}
	if d := j.Diverged; d != nil {
		r.Result.Diverged = &Divergence{Epoch: d.Epoch, Batch: d.Batch, Reason: d.Reason}
	}
	if j.History != nil {
		r.Result.History = make([]Epoch, len(j.History))
		for i, e := range j.History {
			r.Result.History[i] = Epoch{Loss: nilToNaN(e.Loss), Accuracy: nilToNaN(e.Accuracy),
				ValidationLoss: nilToNaN(e.ValidationLoss), ValidationAccuracy: nilToNaN(e.ValidationAccuracy)}
		}
	}
	if j.LegacySeconds != nil {
		r.Result.Seconds = *j.LegacySeconds
	}
	if filepath.Base(path) != runFileName(r.Key, format) {
		return Record{}, fmt.Errorf("experiment: run file %s holds run %v (expected file name %s): %w",
			path, r.Key, runFileName(r.Key, format), ErrForeignRun)
	}
	if err := r.Result.validate(); err != nil {
		return Record{}, fmt.Errorf("experiment: run file %s: %w: %w", path, errBadRecord, err)
	}
	if res := &r.Result; res.Diverged == nil {
		// Undefined graph metrics are null; the rest must be present.
		for _, f := range []struct {
			name string
			p    *float64
		}{{"Accuracy", j.Accuracy}, {"Loss", j.Loss}, {"Validation_Accuracy", j.ValAcc},
			{"Validation_Loss", j.ValLoss}, {"Test_Accuracy", j.TestAcc}, {"Test_Loss", j.TestLoss}} {
			if f.p == nil {
				return Record{}, fmt.Errorf("experiment: run file %s: %w: %s is missing or null in a run that did not diverge", path, errBadRecord, f.name)
			}
		}
	}
	return r, nil
}

// sweepFile is sweep-config.json in folder format 2.
type sweepFile struct {
	Format      int        `json:"format"`
	Fingerprint string     `json:"fingerprint"`
	Config      Config     `json:"config"`
	Provenance  Provenance `json:"provenance"`
}

// legacyConfig is sweep-config.json in folder format 1: a flat Config with
// tasks by number and the expm precision as an integer (0 float64, 1
// float32).
type legacyConfig struct {
	Config
	Tasks        []int
	ExpPrecision int
}

// folder is a sweep folder's stored configuration.
type folder struct {
	dir    string
	format int
	cfg    Config
	prov   Provenance // unknown (zero) in format 1
}

// openFolder reads dir/sweep-config.json in either format and validates it.
func openFolder(dir string) (*folder, error) {
	path := filepath.Join(dir, configJSONName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("experiment: %s is not a sweep folder: %w", dir, err)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("experiment: %s: %w", path, err)
	}
	f := &folder{dir: dir}
	if _, ok := probe["format"]; !ok {
		f.format = 1
		// Files written before Config had the synthetic field's knobs lack
		// them: they hold the defaults.
		l := legacyConfig{Config: Config{FieldConfig: FieldConfig{SyntheticN: connectome.DefaultSyntheticN, SyntheticSeed: defaultSyntheticSeed}}}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("experiment: %s (folder format 1): %w", path, err)
		}
		f.cfg = l.Config
		f.cfg.Tasks = make([]string, len(l.Tasks))
		for i, n := range l.Tasks {
			if f.cfg.Tasks[i] = paperTaskName(n); f.cfg.Tasks[i] == "" {
				return nil, fmt.Errorf("experiment: %s (folder format 1): unknown task %d", path, n)
			}
		}
		switch l.ExpPrecision {
		case 0:
			f.cfg.ExpPrecision = spatial.Float64
		case 1:
			f.cfg.ExpPrecision = spatial.Float32
		default:
			return nil, fmt.Errorf("experiment: %s (folder format 1): unknown ExpPrecision %d", path, l.ExpPrecision)
		}
	} else {
		var sf sweepFile
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sf); err != nil {
			return nil, fmt.Errorf("experiment: %s: %w", path, err)
		}
		if sf.Format != folderFormat {
			return nil, fmt.Errorf("experiment: %s: folder format %d; this version reads formats 1 and %d", path, sf.Format, folderFormat)
		}
		f.format, f.cfg, f.prov = sf.Format, sf.Config, sf.Provenance
		if !f.prov.known() {
			return nil, fmt.Errorf("experiment: %s: no inputs recorded", path)
		}
		if fp := f.cfg.Fingerprint(f.prov.Inputs); fp != sf.Fingerprint {
			return nil, fmt.Errorf("experiment: %s: stored fingerprint %s does not match its configuration (%s): edited by hand?", path, sf.Fingerprint, fp)
		}
	}
	if err := f.cfg.Validate(); err != nil {
		return nil, fmt.Errorf("experiment: %s: %w", path, err)
	}
	return f, nil
}

// runFingerprint returns the fingerprint the record of k must carry under
// cfg in this folder's format, with this folder's inputs.
func (f *folder) runFingerprint(cfg *Config, k RunKey) (string, error) {
	if f.format == 1 {
		return cfg.legacyFingerprint(), nil
	}
	v, err := VariantByName(k.Variant)
	if err != nil {
		return "", err
	}
	return cfg.RunFingerprint(v, f.prov.Inputs), nil
}

// readRecord loads the record of key from f.dir/runs, checking it against
// cfg; ok is false when the file does not exist. A record of another
// configuration or inputs (fingerprint) or seed is an error wrapping
// ErrForeignRun.
func (f *folder) readRecord(cfg *Config, k RunKey) (rec Record, ok bool, err error) {
	path := filepath.Join(f.dir, runsDir, runFileName(k, f.format))
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("experiment: %w", err)
	}
	rec, err = decodeRecord(path, b, f.format)
	if err != nil {
		return Record{}, false, err
	}
	want, err := f.runFingerprint(cfg, k)
	if err != nil {
		return Record{}, false, err
	}
	if rec.Fingerprint != want {
		return Record{}, false, fmt.Errorf("experiment: run file %s has fingerprint %s, this configuration %s: a setting this run reads or an input differs (compare config.txt; use another output folder or the original settings): %w",
			path, rec.Fingerprint, want, ErrForeignRun)
	}
	if want := seeds.Run(cfg.Seed, k.Task, k.Variant, k.Simulation); rec.Seed != want {
		return Record{}, false, fmt.Errorf("experiment: run file %s has seed %d, want %d: %w", path, rec.Seed, want, ErrForeignRun)
	}
	if err := readTiming(f.dir, &rec, f.format); err != nil {
		return Record{}, false, err
	}
	return rec, true, nil
}

// timeFileName returns the name of the wall-time file of key's record.
func timeFileName(k RunKey, format int) string {
	return strings.TrimSuffix(runFileName(k, format), ".json") + ".time"
}

// readTiming sets rec.Result.Seconds from dir/runs/<key>.time; without that
// file it keeps the value decodeRecord set (NaN, or an old record's own).
func readTiming(dir string, rec *Record, format int) error {
	path := filepath.Join(dir, runsDir, timeFileName(rec.Key, format))
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	if err != nil {
		return fmt.Errorf("experiment: timing file %s: %w: %w", path, errBadRecord, err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("experiment: timing file %s: %w: %v is not a wall time", path, errBadRecord, v)
	}
	rec.Result.Seconds = v
	return nil
}

// writeTiming stores rec.Result.Seconds in dir/runs/<key>.time atomically;
// an unknown (NaN) time writes nothing.
func writeTiming(dir string, rec *Record) error {
	if math.IsNaN(rec.Result.Seconds) {
		return nil
	}
	return writeFile(filepath.Join(dir, runsDir, timeFileName(rec.Key, folderFormat)),
		[]byte(strconv.FormatFloat(rec.Result.Seconds, 'g', -1, 64)+"\n"))
}

// writeRecord stores rec in dir/runs atomically: first its wall time
// (runs/<key>.time), then the record, whose presence marks the run finished.
func writeRecord(dir string, rec *Record) error {
	b, err := encodeRecord(rec)
	if err != nil {
		return fmt.Errorf("experiment: run %v: %w", rec.Key, err)
	}
	if err := writeTiming(dir, rec); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, runsDir, runFileName(rec.Key, folderFormat)), b)
}

// writeFile is atomicfile.Write with the package's error prefix.
func writeFile(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	return nil
}

// writeSweepFile stores cfg and prov as dir/sweep-config.json (format 2).
func writeSweepFile(dir string, cfg *Config, prov *Provenance) error {
	b, err := json.MarshalIndent(sweepFile{Format: folderFormat, Fingerprint: cfg.Fingerprint(prov.Inputs),
		Config: *cfg, Provenance: *prov}, "", " ")
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	return writeFile(filepath.Join(dir, configJSONName), append(b, '\n'))
}

// LoadConfig reads the Config a sweep stored in dir (sweep-config.json, in
// folder format 2 or 1) and validates it.
func LoadConfig(dir string) (Config, error) {
	f, err := openFolder(dir)
	if err != nil {
		return Config{}, err
	}
	return f.cfg, nil
}

// LoadProvenance reads the Provenance a sweep stored in dir and its
// fingerprint. A folder of format 1 has an unknown provenance
// (Provenance.Inputs is nil) and its format-1 fingerprint.
func LoadProvenance(dir string) (Provenance, string, error) {
	f, err := openFolder(dir)
	if err != nil {
		return Provenance{}, "", err
	}
	if f.format == 1 {
		return f.prov, f.cfg.legacyFingerprint(), nil
	}
	return f.prov, f.cfg.Fingerprint(f.prov.Inputs), nil
}

// ConfigFileText renders config.txt of the sweep folder dir for cfg: the
// settings (ConfigText), the fingerprint and the provenance stored in dir
// ("unknown" for folder format 1 or a folder without sweep-config.json).
func ConfigFileText(dir string, cfg *Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "FolderFormat: %d\n", folderFormat)
	b.WriteString(ConfigText(cfg))
	f, err := openFolder(dir)
	if err != nil || f.format == 1 {
		if err == nil {
			fmt.Fprintf(&b, "Fingerprint: %s (folder format 1)\n", cfg.legacyFingerprint())
		}
		b.WriteString(inputsText(nil))
		b.WriteString("Provenance: unknown (written before provenance was recorded)\n")
		return b.String()
	}
	p := &f.prov
	fmt.Fprintf(&b, "Fingerprint: %s\n", cfg.Fingerprint(p.Inputs))
	b.WriteString(inputsText(p.Inputs))
	fmt.Fprintf(&b, "Code: %s (%s)\nGo: %s\nKernel: %s\n", p.Code, p.CodeSource, p.Go, p.Kernel)
	return b.String()
}
