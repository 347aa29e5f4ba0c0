package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// torchScript is the PyTorch side, written into the work folder at run time
// so that the command works from any directory.
//
//go:embed torch_bench.py
var torchScript []byte

// torchJob is one PyTorch job: a training-step model of one variant with
// one recurrence implementation ("setup"), the communicability penalty alone
// ("comm") or the n³ GEMM peak ("gemm"). File names are relative to the
// worker's folder; Warmup and Reps apply to "comm" and "gemm".
type torchJob struct {
	Kind      string  `json:"kind"`
	Variant   string  `json:"variant,omitempty"`
	Impl      string  `json:"impl,omitempty"`
	Penalty   string  `json:"penalty,omitempty"`
	N         int     `json:"n"`
	Steps     int     `json:"steps,omitempty"`
	Batch     int     `json:"batch,omitempty"`
	NIn       int     `json:"nin,omitempty"`
	NOut      int     `json:"nout,omitempty"`
	Lambda    float64 `json:"lambda"`
	LambdaEMD float64 `json:"lambda_emd"`
	Noise     float64 `json:"noise"`
	LR        float64 `json:"lr"`
	Eps       float64 `json:"eps"`
	Norm      string  `json:"norm,omitempty"`
	X         string  `json:"x,omitempty"`
	Labels    string  `json:"labels,omitempty"`
	Win       string  `json:"win,omitempty"`
	Wrec      string  `json:"wrec,omitempty"`
	Wout      string  `json:"wout,omitempty"`
	D         string  `json:"d,omitempty"`
	Cemp      string  `json:"cemp,omitempty"`
	Warmup    int     `json:"warmup,omitempty"`
	Reps      int     `json:"reps,omitempty"`
}

// torchResult is the answer to "comm" (MS, P in float32; MS64, P64 in
// float64) and "gemm" (MS).
type torchResult struct {
	MS   []float64 `json:"ms"`
	MS64 []float64 `json:"ms64"`
	P    float64   `json:"p"`
	P64  float64   `json:"p64"`
}

// torchImpls are the recurrence implementations timed in PyTorch.
var torchImpls = []string{"loop", "nnrnn"}

// torchExporter writes arrays for the PyTorch side into dir, each under a
// unique name.
type torchExporter struct {
	dir   string
	count int
}

// write stores data (a slice of float32, float64 or int32) little-endian
// under a new file name with the given stem and returns the name.
func (e *torchExporter) write(stem string, data any) (string, error) {
	e.count++
	name := stem + "-" + strconv.Itoa(e.count) + ".bin"
	var buf bytes.Buffer
	if err := binary.Write(&buf, binary.LittleEndian, data); err != nil {
		return "", fmt.Errorf("encode %s: %w", name, err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, name), buf.Bytes(), 0o644); err != nil {
		return "", err
	}
	return name, nil
}

// float32s returns the entries of m, row-major, as float32.
func float32s(m mat.Matrix) []float32 {
	r, c := m.Dims()
	out := make([]float32, 0, r*c)
	for i := range r {
		for j := range c {
			out = append(out, float32(m.At(i, j)))
		}
	}
	return out
}

// float64s returns the entries of m, row-major.
func float64s(m mat.Matrix) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			out = append(out, m.At(i, j))
		}
	}
	return out
}

// caseFiles are the shared arrays of one case, written once.
type caseFiles struct {
	x, labels, realD, gridD, cEmp string
}

// exportCase writes the case's batch and matrices.
func (e *torchExporter) exportCase(c *benchCase) (caseFiles, error) {
	var f caseFiles
	var err error
	if f.x, err = e.write("x", c.batch.X); err != nil {
		return f, err
	}
	labels := make([]int32, len(c.batch.Labels))
	for i, l := range c.batch.Labels {
		labels[i] = int32(l)
	}
	if f.labels, err = e.write("labels", labels); err != nil {
		return f, err
	}
	if f.realD, err = e.write("dreal", float64s(c.realD)); err != nil {
		return f, err
	}
	if f.gridD, err = e.write("dgrid", float64s(c.gridD)); err != nil {
		return f, err
	}
	f.cEmp, err = e.write("cemp", float64s(c.cEmp))
	return f, err
}

// stepJobs writes g's initial weights (call before training g) and returns
// one step job per recurrence implementation (torchImpls).
func (e *torchExporter) stepJobs(c *benchCase, f caseFiles, g *goModel) ([]torchJob, error) {
	m := g.model
	win, err := e.write("win", float32s(m.WeightsTo(nil, rnn.InputKernel)))
	if err != nil {
		return nil, err
	}
	wrec, err := e.write("wrec", float32s(m.WeightsTo(nil, rnn.RecurrentKernel)))
	if err != nil {
		return nil, err
	}
	wout, err := e.write("wout", float32s(m.WeightsTo(nil, rnn.OutputKernel)))
	if err != nil {
		return nil, err
	}
	cfg := c.cfg
	kind := penaltyKind(g.variant)
	lambda := cfg.Lambda
	if kind == "l1" && cfg.UnscaledL1 {
		lambda = 1
	}
	d := ""
	switch g.variant.Distance {
	case experiment.DistanceReal:
		d = f.realD
	case experiment.DistanceGrid:
		d = f.gridD
	}
	base := torchJob{Kind: "step", Variant: g.variant.Name, Penalty: kind, N: c.n,
		Steps: c.batch.Steps, Batch: c.batch.Size, NIn: c.batch.NIn, NOut: c.batch.NOut,
		Lambda: lambda, LambdaEMD: cfg.LambdaEMD, Noise: cfg.InputNoise, LR: cfg.LearningRate,
		Eps: rnn.DefaultEpsilon, Norm: c.norm.String(), X: f.x, Labels: f.labels,
		Win: win, Wrec: wrec, Wout: wout, D: d, Cemp: f.cEmp}
	var jobs []torchJob
	for _, impl := range torchImpls {
		j := base
		j.Impl = impl
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// commJob writes w and returns the communicability-alone job on D*.
func (e *torchExporter) commJob(c *benchCase, f caseFiles, w mat.Matrix, warmup, reps int) (torchJob, error) {
	name, err := e.write("wcomm", float32s(w))
	if err != nil {
		return torchJob{}, err
	}
	return torchJob{Kind: "comm", N: c.n, Lambda: c.cfg.Lambda, Norm: c.norm.String(),
		Wrec: name, D: f.realD, Warmup: warmup, Reps: reps}, nil
}

// torchInfo is the first line the worker prints.
type torchInfo struct {
	Torch         string `json:"torch"`
	NumPy         string `json:"numpy"`
	Threads       int    `json:"threads"`
	OMPWaitPolicy string `json:"omp_wait_policy"`
	OpenBLAS      string `json:"openblas_num_threads"`
}

// torchRequest is one request line to the worker.
type torchRequest struct {
	Op   string    `json:"op"`
	Job  *torchJob `json:"job,omitempty"`
	ID   int       `json:"id,omitempty"`
	Reps int       `json:"reps,omitempty"`
}

// torchSetup is the worker's answer to "setup".
type torchSetup struct {
	ID    int     `json:"id"`
	P0    float64 `json:"p0"`
	Loss0 float64 `json:"loss0"`
}

// torchWorker is a running torch_bench.py that answers requests, so that Go
// and PyTorch steps can alternate.
type torchWorker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *bytes.Buffer
	info   torchInfo
}

// startTorch writes the script into dir and starts it with python, threads
// threads, OMP_WAIT_POLICY=PASSIVE, OMP_NUM_THREADS=threads and
// OPENBLAS_NUM_THREADS=threads (Debian's torch calls OpenBLAS for torch.mm,
// whose pool torch.set_num_threads does not govern), and with
// torch.set_flush_denormal(flush).
func startTorch(python, dir string, threads int, flush bool) (*torchWorker, error) {
	script := filepath.Join(dir, "torch_bench.py")
	if err := os.WriteFile(script, torchScript, 0o644); err != nil {
		return nil, err
	}
	t := strconv.Itoa(threads)
	fl := "0"
	if flush {
		fl = "1"
	}
	cmd := exec.Command(python, script, dir, t, fl)
	cmd.Env = append(os.Environ(), "OMP_WAIT_POLICY=PASSIVE", "OMP_NUM_THREADS="+t, "MKL_NUM_THREADS="+t, "OPENBLAS_NUM_THREADS="+t)
	w := &torchWorker{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = w.stderr
	var err error
	if w.in, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", python, err)
	}
	if err := w.read(&w.info); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// call sends req and decodes the answer into resp.
func (w *torchWorker) call(req torchRequest, resp any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := w.in.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("torch worker (%s): %w\n%s", req.Op, err, tail(w.stderr.String(), 2000))
	}
	return w.read(resp)
}

// read decodes the worker's next line into resp.
func (w *torchWorker) read(resp any) error {
	line, err := w.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("torch worker: %w\n%s", err, tail(w.stderr.String(), 2000))
	}
	if err := json.Unmarshal(line, resp); err != nil {
		return fmt.Errorf("torch worker: answer is not the expected JSON: %w\n%s", err, tail(string(line), 500))
	}
	return nil
}

// steps times reps training steps of model id.
func (w *torchWorker) steps(id, reps int) ([]float64, error) {
	var r struct {
		MS []float64 `json:"ms"`
	}
	err := w.call(torchRequest{Op: "run", ID: id, Reps: reps}, &r)
	return r.MS, err
}

// close ends the worker and waits for it.
func (w *torchWorker) close() error {
	w.in.Close()
	return w.cmd.Wait()
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// relDiff is |a − b| / max(|a|, |b|), 0 when both are 0.
func relDiff(a, b float64) float64 {
	d := math.Max(math.Abs(a), math.Abs(b))
	if d == 0 {
		return 0
	}
	return math.Abs(a-b) / d
}
