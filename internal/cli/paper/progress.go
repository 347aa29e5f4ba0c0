package paper

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// newProgress returns a Reporter that writes to w: a progress bar with ETA
// (newBarProgress) when w is an *os.File attached to a terminal, plain log
// lines (newLogProgress) otherwise, e.g. under Slurm or when redirected.
// Nothing is written anywhere but w.
func newProgress(w io.Writer) experiment.Reporter {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return newBarProgress(w)
	}
	return newLogProgress(w)
}

// newBarProgress returns a Reporter drawing a progress bar with count,
// elapsed time and ETA on w (github.com/schollz/progressbar/v3).
func newBarProgress(w io.Writer) experiment.Reporter { return &barProgress{w: w} }

type barProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (b *barProgress) Start(total, skipped int) {
	desc := "training"
	if skipped > 0 {
		desc = fmt.Sprintf("training (%d of %d already done)", skipped, total)
	}
	b.bar = progressbar.NewOptions(total-skipped,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionFullWidth(),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(b.w) }),
	)
}

func (b *barProgress) Finished(rec *experiment.Record, done int) {
	b.bar.Describe(fmt.Sprintf("%v acc %.3f", rec.Key, rec.Result.Accuracy))
	_ = b.bar.Add(1)
}

func (b *barProgress) Stop() {
	if b.bar != nil && !b.bar.IsFinished() {
		_ = b.bar.Exit()
	}
}

// newLogProgress returns a Reporter writing one plain line per finished run,
// with counts, elapsed time and an ETA extrapolated from this invocation's
// rate.
func newLogProgress(w io.Writer) experiment.Reporter { return &logProgress{w: w, now: time.Now} }

type logProgress struct {
	w     io.Writer
	now   func() time.Time
	start time.Time
	toRun int
}

func (l *logProgress) Start(total, skipped int) {
	l.start = l.now()
	l.toRun = total - skipped
	fmt.Fprintf(l.w, "sweep: %d runs, %d already done, %d to train\n", total, skipped, l.toRun)
}

func (l *logProgress) Finished(rec *experiment.Record, done int) {
	el := l.now().Sub(l.start)
	eta := time.Duration(0)
	if done > 0 {
		eta = time.Duration(float64(el) / float64(done) * float64(l.toRun-done))
	}
	r := &rec.Result
	fmt.Fprintf(l.w, "[%d/%d] %v: Accuracy %.3f Loss %.4f Validation_Accuracy %.3f test %.3f (%.1f s); elapsed %v, ETA %v\n",
		done, l.toRun, rec.Key, r.Accuracy, r.Loss, r.ValidationAccuracy, r.TestAccuracy, r.Seconds,
		el.Round(time.Second), eta.Round(time.Second))
}

func (l *logProgress) Stop() {
	fmt.Fprintf(l.w, "sweep: stopped after %v\n", l.now().Sub(l.start).Round(time.Second))
}
