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
	"github.com/cortexrnn/cortexrnn/spatial"
)

// On-disk layout of a sweep folder (besides the published files):
//
//	sweep-config.json     the Config, written when a sweep starts
//	runs/<key>.json       one Record per finished run, e.g.
//	                      runs/Task1_W%2AD%2AC_sim0003.json
//	runs/<key>.time       the run's wall time in seconds (RunResult.Seconds),
//	                      written just before the record
//
// A record holds the run's results alone, a deterministic function of the
// configuration and the key, so it is byte-identical whatever the order,
// parallelism, sharding or resumption of the sweep; the wall time, which is
// not, lives in the .time file beside it.
//
// Every file is written atomically: to a temporary ".tmp-…" file in the same
// folder, fsynced, renamed over the final name, and the folder fsynced. A
// kill -9 can leave only a stale ".tmp-…" file, which every reader ignores
// (and which may be deleted by hand when no sweep is running).

const (
	runsDir        = "runs"
	configJSONName = "sweep-config.json"
	tmpPrefix      = ".tmp-"
)

// Record is one finished run as stored in runs/.
type Record struct {
	Key RunKey
	// Seed is the run's RunSeed (stored for reference and checked on load).
	Seed uint64
	// Fingerprint is Config.Fingerprint of the configuration that produced
	// the run; a sweep refuses to reuse records of another configuration.
	Fingerprint string
	Result      RunResult
}

// ErrForeignRun is wrapped by errors about run files that belong to another
// configuration or do not match their file name.
var ErrForeignRun = errors.New("run file from another configuration")

// runFileName returns the file name of key's record. Characters other than
// ASCII letters, digits and '-' in the variant name are percent-encoded so
// that names like "W*D*C" are valid on every file system.
func runFileName(k RunKey) string {
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

// recordJSON is Record's file format. Graph metrics may be NaN and are
// stored as null; everything else is finite.
type recordJSON struct {
	Task        int      `json:"task"`
	Variant     string   `json:"variant"`
	Simulation  int      `json:"simulation"`
	Seed        uint64   `json:"seed"`
	Fingerprint string   `json:"fingerprint"`
	Accuracy    float64  `json:"Accuracy"`
	Loss        float64  `json:"Loss"`
	ValAcc      float64  `json:"Validation_Accuracy"`
	ValLoss     float64  `json:"Validation_Loss"`
	TestAcc     float64  `json:"Test_Accuracy"`
	TestLoss    float64  `json:"Test_Loss"`
	Modularity  *float64 `json:"Modularity"`
	SmallWorld  *float64 `json:"SmallWorldness"`
	Assort      *float64 `json:"Assortativity"`
	Entropy     *float64 `json:"Entropy"`
	// LegacySeconds is read from records written before the wall time
	// moved to runs/<key>.time; it is never written.
	LegacySeconds *float64 `json:"seconds,omitempty"`
	History       []Epoch  `json:"history"`
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
	for i, e := range r.Result.History {
		for _, v := range []float64{e.Loss, e.Accuracy, e.ValidationLoss, e.ValidationAccuracy} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("History[%d] holds a non-finite value %v", i, v)
			}
		}
	}
	res := &r.Result
	j := recordJSON{
		Task: r.Key.Task, Variant: r.Key.Variant, Simulation: r.Key.Simulation,
		Seed: r.Seed, Fingerprint: r.Fingerprint,
		Accuracy: res.Accuracy, Loss: res.Loss, ValAcc: res.ValidationAccuracy, ValLoss: res.ValidationLoss,
		TestAcc: res.TestAccuracy, TestLoss: res.TestLoss,
		Modularity: nanToNil(res.Modularity), SmallWorld: nanToNil(res.SmallWorldness),
		Assort: nanToNil(res.Assortativity), Entropy: nanToNil(res.Entropy),
		History: res.History,
	}
	b, err := json.MarshalIndent(j, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func decodeRecord(path string, b []byte) (Record, error) {
	var j recordJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Record{}, fmt.Errorf("experiment: run file %s: %w", path, err)
	}
	r := Record{
		Key:  RunKey{Task: j.Task, Variant: j.Variant, Simulation: j.Simulation},
		Seed: j.Seed, Fingerprint: j.Fingerprint,
		Result: RunResult{
			Accuracy: j.Accuracy, Loss: j.Loss, ValidationAccuracy: j.ValAcc, ValidationLoss: j.ValLoss,
			TestAccuracy: j.TestAcc, TestLoss: j.TestLoss,
			Modularity: nilToNaN(j.Modularity), SmallWorldness: nilToNaN(j.SmallWorld),
			Assortativity: nilToNaN(j.Assort), Entropy: nilToNaN(j.Entropy),
			Seconds: math.NaN(), History: j.History,
		},
	}
	if j.LegacySeconds != nil {
		r.Result.Seconds = *j.LegacySeconds
	}
	if filepath.Base(path) != runFileName(r.Key) {
		return Record{}, fmt.Errorf("experiment: run file %s holds run %v (expected file name %s): %w",
			path, r.Key, runFileName(r.Key), ErrForeignRun)
	}
	return r, nil
}

// readRecord loads the record of key from dir/runs; ok is false when the
// file does not exist. A record of another configuration (fingerprint) or
// seed is an error wrapping ErrForeignRun.
func readRecord(dir string, k RunKey, cfg *Config) (rec Record, ok bool, err error) {
	path := filepath.Join(dir, runsDir, runFileName(k))
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("experiment: %w", err)
	}
	rec, err = decodeRecord(path, b)
	if err != nil {
		return Record{}, false, err
	}
	if fp := cfg.Fingerprint(); rec.Fingerprint != fp {
		return Record{}, false, fmt.Errorf("experiment: run file %s has configuration fingerprint %s, this sweep %s (use another output folder or the original settings): %w",
			path, rec.Fingerprint, fp, ErrForeignRun)
	}
	if want := RunSeed(cfg.Seed, k.Task, k.Variant, k.Simulation); rec.Seed != want {
		return Record{}, false, fmt.Errorf("experiment: run file %s has seed %d, want %d: %w", path, rec.Seed, want, ErrForeignRun)
	}
	if err := readTiming(dir, &rec); err != nil {
		return Record{}, false, err
	}
	return rec, true, nil
}

// timeFileName returns the name of the wall-time file of key's record.
func timeFileName(k RunKey) string {
	return strings.TrimSuffix(runFileName(k), ".json") + ".time"
}

// readTiming sets rec.Result.Seconds from dir/runs/<key>.time; without that
// file it keeps the value decodeRecord set (NaN, or an old record's own).
func readTiming(dir string, rec *Record) error {
	path := filepath.Join(dir, runsDir, timeFileName(rec.Key))
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	if err != nil {
		return fmt.Errorf("experiment: timing file %s: %w", path, err)
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
	return WriteFileAtomic(filepath.Join(dir, runsDir, timeFileName(rec.Key)),
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
	return WriteFileAtomic(filepath.Join(dir, runsDir, runFileName(rec.Key)), b)
}

// WriteFileAtomic writes data to path so that path holds either its old
// content or all of data, whatever happens to the process: it writes a
// temporary file in the same folder, fsyncs it, renames it over path and
// fsyncs the folder.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tmpPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("experiment: writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("experiment: syncing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("experiment: closing %s: %w", path, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("experiment: syncing folder %s: %w", dir, err)
	}
	return nil
}

// writeConfigJSON stores cfg as dir/sweep-config.json.
func writeConfigJSON(dir string, cfg *Config) error {
	b, err := json.MarshalIndent(cfg, "", " ")
	if err != nil {
		return fmt.Errorf("experiment: %w", err)
	}
	return WriteFileAtomic(filepath.Join(dir, configJSONName), append(b, '\n'))
}

// LoadConfig reads the Config a sweep stored in dir (sweep-config.json) and
// validates it.
func LoadConfig(dir string) (Config, error) {
	path := filepath.Join(dir, configJSONName)
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("experiment: %s is not a sweep folder: %w", dir, err)
	}
	// Files written before Config had the synthetic field's knobs lack
	// them: they hold the defaults. Files written before ExpPrecision lack
	// it: their exponential was float64 (no longer the zero value).
	c := Config{SyntheticN: connectome.DefaultSyntheticN, SyntheticSeed: DefaultSyntheticSeed,
		ExpPrecision: spatial.Float64}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("experiment: %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("experiment: %s: %w", path, err)
	}
	return c, nil
}
