package rnn

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// engine64 holds the parameters, gradients, optimiser moments and the
// reusable workspace of one network in float64. engine32.go is generated
// from engine64.go by gen_float32.go (go generate); edit only engine64.go.
//
// Layout (all row-major, time-major, one row per trial and step):
//
//	xn  T·B × (NIn+1) inputs, plus input noise when drawn, and a last
//	                column of ones: with W_in and b stored back to back
//	                ([W_in; b], (NIn+1)×N), one product gives x̃ W_in + b and
//	                one product gives [∂W_in; ∂b] (no separate bias passes)
//	xi  T·B × N     recurrent noise ξ (nil when σ_rec = 0)
//	z   T·B × N     pre-activations z_t = x̃_t W_in + h_{t−1} W_eff + b + ξ_t
//	h   (T+1)·B × N states h_0 = 0, h_1, …, h_T (block t holds h_t)
//	dh  T·B × N     ∂L/∂h_t for t = 1…T (block t−1)
//	dz  T·B × N     ∂L/∂z_t
type engine64 struct {
	nIn, n, nOut int
	alpha        float64
	act          Activation
	loss         Loss
	inNoise      float64 // σ of the input noise
	xiStd        float64 // σ_rec·√(2/α), the standard deviation of ξ

	// Trainable parameters, indexed by Param.
	p [numParams][]float64
	// Gradients of the loss, indexed by Param.
	g [numParams][]float64
	// pInB and gInB hold [W_in; b] ((NIn+1)×N): p and g's InputKernel and
	// Bias are their two parts.
	pInB, gInB []float64
	// Adam first and second moments (nil until the first Adam step).
	am, av [numParams][]float64

	mask    []float64 // N×N connectivity mask, nil for all ones
	sign    []float64 // N signs of Dale's law, nil without Dale
	outRows []float64 // N readout row mask (1 excitatory, 0 inhibitory), nil for all

	weff    []float64   // N×N effective recurrent matrix
	rec     recurrent64 // products with weff (forward) or weffᵀ (backward)
	woutEff []float64   // N×NOut effective readout (aliases p[OutputKernel] when outRows is nil)

	// cur is the step whose product is running; activateBlockFn and
	// dactBlockFn are the method values handed to the products as their
	// epilogues (bound once, so that the step loop allocates nothing).
	cur                          int
	activateBlockFn, dactBlockFn func(i0, i1, j0, j1 int)
	// setLeak: the leak (1−α)·dh_t sets dh_{t−1} instead of adding to it
	// (last-step loss: nothing else has written dh_{t−1} yet).
	setLeak bool

	steps, size int
	xn, xi, z   []float64
	h, dh, dz   []float64
	logits, dlg []float64
}

func newEngine64(c *Config) *engine64 {
	e := &engine64{
		nIn: c.NIn, n: c.NRec, nOut: c.NOut,
		alpha:   float64(c.alpha()),
		act:     c.Activation,
		loss:    c.Loss,
		inNoise: float64(c.InputNoise),
		xiStd:   float64(c.RecurrentNoise * sqrtAccum(2/c.alpha())),
	}
	sizes := paramSizes(c)
	for k := range e.p {
		if Param(k) == InputKernel || Param(k) == Bias {
			continue
		}
		e.p[k] = make([]float64, sizes[k])
		e.g[k] = make([]float64, sizes[k])
	}
	// W_in and b (and their gradients) share one (NIn+1)×N array.
	in := sizes[InputKernel]
	e.pInB, e.gInB = make([]float64, in+sizes[Bias]), make([]float64, in+sizes[Bias])
	e.p[InputKernel], e.p[Bias] = e.pInB[:in:in], e.pInB[in:]
	e.g[InputKernel], e.g[Bias] = e.gInB[:in:in], e.gInB[in:]
	n := e.n
	if c.RecurrentMask != nil {
		e.mask = make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				e.mask[i*n+j] = float64(c.RecurrentMask.At(i, j))
			}
		}
	}
	if c.Dale {
		e.sign = make([]float64, n)
		nE := c.NumExcitatory()
		for i := range e.sign {
			e.sign[i] = 1
			if i >= nE {
				e.sign[i] = -1
			}
		}
		if c.ReadoutExcitatoryOnly {
			e.outRows = make([]float64, n)
			for i := 0; i < nE; i++ {
				e.outRows[i] = 1
			}
		}
	}
	e.weff = make([]float64, n*n)
	e.activateBlockFn, e.dactBlockFn = e.activateBlock, e.dactBlock
	e.woutEff = e.p[OutputKernel]
	if e.outRows != nil {
		e.woutEff = make([]float64, n*e.nOut)
	}
	return e
}

// resize makes the workspace fit T steps of B trials, reusing memory.
func (e *engine64) resize(steps, size int) {
	if steps == e.steps && size == e.size {
		return
	}
	e.steps, e.size = steps, size
	rows := steps * size
	n := e.n
	e.xn = grow64(e.xn, rows*(e.nIn+1))
	if e.xiStd > 0 {
		e.xi = grow64(e.xi, rows*n)
	}
	e.z = grow64(e.z, rows*n)
	e.h = grow64(e.h, (rows+size)*n)
	e.dh = grow64(e.dh, rows*n)
	e.dz = grow64(e.dz, rows*n)
	e.logits = grow64(e.logits, rows*e.nOut)
	e.dlg = grow64(e.dlg, rows*e.nOut)
}

func grow64(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// prepare derives the effective recurrent and readout matrices from the raw
// parameters: W_eff = W ⊙ M, or diag(s)|W ⊙ M| under Dale's law.
func (e *engine64) prepare() {
	n := e.n
	w := e.p[RecurrentKernel]
	copy(e.weff, w)
	if e.mask != nil {
		for k, m := range e.mask {
			e.weff[k] *= m
		}
	}
	if e.sign != nil {
		for i := 0; i < n; i++ {
			s := e.sign[i]
			row := e.weff[i*n : (i+1)*n]
			for j, v := range row {
				if v < 0 {
					v = -v
				}
				row[j] = s * v
			}
		}
	}
	if e.outRows != nil {
		wo := e.p[OutputKernel]
		for i := 0; i < n; i++ {
			r := e.outRows[i]
			for k := 0; k < e.nOut; k++ {
				e.woutEff[i*e.nOut+k] = r * wo[i*e.nOut+k]
			}
		}
	}
}

// load copies the batch inputs into the workspace (no noise), each row
// followed by a 1 (the bias column).
func (e *engine64) load(b *Batch) {
	nIn := e.nIn
	for r := 0; r < e.steps*e.size; r++ {
		dst := e.xn[r*(nIn+1) : (r+1)*(nIn+1)]
		for j, v := range b.X[r*nIn : (r+1)*nIn] {
			dst[j] = float64(v)
		}
		dst[nIn] = 1
	}
}

// drawNoise adds input noise to the loaded inputs and draws the recurrent
// noise, in that order, element by element in storage order.
func (e *engine64) drawNoise(rnd *rand.Rand) {
	if e.inNoise > 0 {
		nIn := e.nIn
		for r := 0; r < e.steps*e.size; r++ {
			row := e.xn[r*(nIn+1) : r*(nIn+1)+nIn]
			for j := range row {
				row[j] += float64(rnd.NormFloat64()) * e.inNoise
			}
		}
	}
	if e.xiStd > 0 {
		for i := range e.xi {
			e.xi[i] = float64(rnd.NormFloat64()) * e.xiStd
		}
	}
}

func gen64(data []float64, rows, cols int) blas64.General {
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: data[:rows*cols]}
}

// forward runs the network on the loaded inputs (with ξ when withXi) and
// returns the data loss, the number of correct argmax predictions and the
// number of predictions scored. It also leaves ∂L/∂logits in dlg.
func (e *engine64) forward(b *Batch, withXi bool) (loss accum, correct, count int) {
	T, B, n := e.steps, e.size, e.n
	rows := T * B
	blk := B * n
	// z = x̃ W_in + b in one product ([x̃ 1]·[W_in; b], the bias last in
	// each sum, so rounded as (x̃ W_in) + b), then + ξ when drawn.
	gemm64(blas.NoTrans, blas.NoTrans, 1, gen64(e.xn, rows, e.nIn+1), gen64(e.pInB, e.nIn+1, n), 0, gen64(e.z, rows, n))
	if withXi && e.xi != nil {
		for i, v := range e.xi[:rows*n] {
			e.z[i] += v
		}
	}
	clear(e.h[:blk])
	if T > 1 {
		e.rec.pack(e.weff, n, false)
	}
	// h_1 = f(z_0): h_0 = 0 contributes nothing. Then every product
	// z_t += h_t·W_eff applies the activation to each block of z_t as soon
	// as it is final, on the goroutine that computed it (activateBlock).
	e.activate(e.h[blk:2*blk], e.h[:blk], e.z[:blk])
	for t := 1; t < T; t++ {
		e.cur = t
		e.rec.mulAddThen(e.h[t*blk:(t+1)*blk], B, 1, e.z[t*blk:(t+1)*blk], e.activateBlockFn)
	}
	wout := gen64(e.woutEff, n, e.nOut)
	if e.loss.perStep() {
		out := e.logits[:rows*e.nOut]
		gemm64(blas.NoTrans, blas.NoTrans, 1, gen64(e.h[blk:], rows, n), wout, 0, gen64(out, rows, e.nOut))
		e.addOutBias(out)
		return e.lossPerStep(b)
	}
	out := e.logits[:B*e.nOut]
	gemm64(blas.NoTrans, blas.NoTrans, 1, gen64(e.h[T*blk:], B, n), wout, 0, gen64(out, B, e.nOut))
	e.addOutBias(out)
	return e.lossLastStep(b)
}

func (e *engine64) addOutBias(out []float64) {
	bo := e.p[OutputBias]
	for r := 0; r+e.nOut <= len(out); r += e.nOut {
		row := out[r : r+e.nOut]
		for k, v := range bo {
			row[k] += v
		}
	}
}

// activate computes h = (1−α) hp + α f(z); without leak (α = 1) it is
// h = f(z), which equals the general form for finite hp.
func (e *engine64) activate(h, hp, z []float64) {
	a := e.alpha
	keep := 1 - a
	h = h[:len(z)]
	hp = hp[:len(z)]
	switch e.act {
	case ReLU:
		if keep == 0 && a == 1 {
			reluSlice64(h, z)
			return
		}
		for j, v := range z {
			h[j] = keep*hp[j] + a*relu64(v)
		}
	case Tanh:
		for j, v := range z {
			h[j] = keep*hp[j] + a*tanh64(v)
		}
	case Softplus:
		for j, v := range z {
			h[j] = keep*hp[j] + a*softplus64(v)
		}
	default:
		for j, v := range z {
			h[j] = keep*hp[j] + a*v
		}
	}
}

// activateBlock is the epilogue of the forward product of step e.cur: it
// applies activate to rows i0…i1−1, columns j0…j1−1 of z_t, writing h_{t+1}.
func (e *engine64) activateBlock(i0, i1, j0, j1 int) {
	t, n := e.cur, e.n
	blk := e.size * n
	h, hp, z := e.h[(t+1)*blk:(t+2)*blk], e.h[t*blk:(t+1)*blk], e.z[t*blk:(t+1)*blk]
	for r := i0; r < i1; r++ {
		lo, hi := r*n+j0, r*n+j1
		e.activate(h[lo:hi], hp[lo:hi], z[lo:hi])
	}
}

// dactBlock is the epilogue of the backward product that completes
// dh_{e.cur}: dactRows on its block.
func (e *engine64) dactBlock(i0, i1, j0, j1 int) { e.dactRows(e.cur, i0, i1, j0, j1) }

// dactRows applies dact of step t to rows i0…i1−1, columns j0…j1−1:
// dz_t = α f'(z_t) ⊙ dh_t and, for t > 0, the leak into dh_{t−1}.
func (e *engine64) dactRows(t, i0, i1, j0, j1 int) {
	n := e.n
	blk := e.size * n
	dz, z, g := e.dz[t*blk:(t+1)*blk], e.z[t*blk:(t+1)*blk], e.dh[t*blk:(t+1)*blk]
	var prev []float64
	if t > 0 {
		prev = e.dh[(t-1)*blk : t*blk]
	}
	for r := i0; r < i1; r++ {
		lo, hi := r*n+j0, r*n+j1
		if prev == nil {
			e.dact(dz[lo:hi], z[lo:hi], g[lo:hi], nil)
			continue
		}
		e.dact(dz[lo:hi], z[lo:hi], g[lo:hi], prev[lo:hi])
	}
}

// dact computes dz = α f'(z) ⊙ g and, when prev is not nil, the leak
// term prev += (1−α) g (prev = (1−α) g with setLeak) in the same pass.
func (e *engine64) dact(dz, z, g, prev []float64) {
	a := e.alpha
	dz = dz[:len(z)]
	g = g[:len(z)]
	keep := 1 - a
	if prev == nil || keep == 0 {
		prev = nil
	} else {
		prev = prev[:len(z)]
	}
	if e.act == ReLU && prev != nil && !e.setLeak {
		for j, v := range z {
			gj := g[j]
			dz[j] = reluGrad64(v, a, gj)
			prev[j] += keep * gj
		}
		return
	}
	if prev != nil {
		if e.setLeak {
			for j, v := range g {
				prev[j] = keep * v
			}
		} else {
			for j, v := range g {
				prev[j] += keep * v
			}
		}
	}
	switch e.act {
	case ReLU:
		reluGradSlice64(dz, z, g, a)
	case Tanh:
		for j, v := range z {
			th := tanh64(v)
			dz[j] = a * (1 - th*th) * g[j]
		}
	case Softplus:
		for j, v := range z {
			dz[j] = a * sigmoid64(v) * g[j]
		}
	default:
		for j := range z {
			dz[j] = a * g[j]
		}
	}
}

// lossLastStep is the batch-mean softmax cross-entropy of the last-step
// logits against the labels; it writes ∂L/∂logits into dlg.
func (e *engine64) lossLastStep(b *Batch) (loss accum, correct, count int) {
	K := e.nOut
	inv := 1 / float64(e.size)
	var sum accum
	for r := 0; r < e.size; r++ {
		l := e.logits[r*K : (r+1)*K]
		d := e.dlg[r*K : (r+1)*K]
		y := b.Labels[r]
		arg := argmax(l)
		mx := l[arg]
		var s float64
		for k, v := range l {
			d[k] = exp64(v - mx)
			s += d[k]
		}
		lse := mx + log64(s)
		sum += accum(lse - l[y])
		for k := range d {
			d[k] = d[k] / s * inv
		}
		d[y] -= inv
		if arg == y {
			correct++
		}
	}
	return sum / accum(e.size), correct, e.size
}

// lossPerStep is the mask-weighted mean of the per-step losses; it writes
// ∂L/∂logits into dlg. Accuracy counts steps with a positive mask whose
// argmax logit equals the argmax target.
func (e *engine64) lossPerStep(b *Batch) (loss accum, correct, count int) {
	K := e.nOut
	var msum accum
	for _, m := range b.Mask {
		msum += accum(m)
	}
	invM := float64(1 / msum)
	var sum accum
	for r, m32 := range b.Mask {
		l := e.logits[r*K : (r+1)*K]
		d := e.dlg[r*K : (r+1)*K]
		y := b.Y[r*K : (r+1)*K]
		m := float64(m32)
		w := m * invM
		arg := argmax(l)
		if m > 0 {
			count++
			if arg == argmax(y) {
				correct++
			}
		}
		if e.loss == MaskedMSE {
			var s float64
			c := 2 * w / float64(K)
			for k, v := range l {
				res := v - float64(y[k])
				s += res * res
				d[k] = c * res
			}
			sum += accum(m * s / float64(K))
			continue
		}
		mx := l[arg]
		var s, ysum, yl float64
		for k, v := range l {
			d[k] = exp64(v - mx)
			s += d[k]
			yk := float64(y[k])
			ysum += yk
			yl += yk * v
		}
		lse := mx + log64(s)
		sum += accum(m * (lse*ysum - yl))
		for k := range d {
			d[k] = w * (d[k]/s*ysum - float64(y[k]))
		}
	}
	return sum / msum, correct, count
}

// backward computes the gradients of the data loss with respect to every
// parameter from the last forward pass.
func (e *engine64) backward() {
	T, B, n, K := e.steps, e.size, e.n, e.nOut
	rows := T * B
	blk := B * n
	// Readout: dW_out = H_outᵀ dY, db_out = Σ_rows dY, dH = dY W_outᵀ.
	gwout, gbout := e.g[OutputKernel], e.g[OutputBias]
	wout := gen64(e.woutEff, n, K)
	if e.loss.perStep() {
		dy := gen64(e.dlg, rows, K)
		gemm64(blas.Trans, blas.NoTrans, 1, gen64(e.h[blk:], rows, n), dy, 0, gen64(gwout, n, K))
		gemm64(blas.NoTrans, blas.Trans, 1, dy, wout, 0, gen64(e.dh, rows, n))
		colSum64(gbout, e.dlg[:rows*K], K)
	} else {
		dy := gen64(e.dlg, B, K)
		gemm64(blas.Trans, blas.NoTrans, 1, gen64(e.h[T*blk:], B, n), dy, 0, gen64(gwout, n, K))
		// dh_t for t < T−1 is set by the leak of step t+1 (α < 1) or by the
		// first product into it (α = 1), so it needs no clearing.
		gemm64(blas.NoTrans, blas.Trans, 1, dy, wout, 0, gen64(e.dh[(T-1)*blk:], B, n))
		colSum64(gbout, e.dlg[:B*K], K)
	}
	if e.outRows != nil {
		for i, r := range e.outRows {
			if r == 0 {
				clear(gwout[i*K : (i+1)*K])
			}
		}
	}
	// Through time: dz_t = α f'(z_t) ⊙ dh_t, dh_{t−1} += (1−α) dh_t + dz_t W_effᵀ.
	if T > 1 {
		e.rec.pack(e.weff, n, true)
	}
	// dz_{T−1} first; then every product dh_{t−1} += dz_t·W_effᵀ applies
	// the derivative of step t−1 to each block as soon as it is final
	// (dactBlock), which also adds the leak into dh_{t−2} — the same
	// operations in the same order as one pass after each product.
	e.setLeak = !e.loss.perStep()
	var beta float64 = 1
	if e.setLeak && 1-e.alpha == 0 {
		beta = 0 // no leak and no readout term: the product sets dh_{t−1}
	}
	e.dactRows(T-1, 0, B, 0, n)
	for t := T - 1; t > 0; t-- {
		e.cur = t - 1
		e.rec.mulAddThen(e.dz[t*blk:(t+1)*blk], B, beta, e.dh[(t-1)*blk:t*blk], e.dactBlockFn)
	}
	// Weights: dW_eff = Σ_t h_{t−1}ᵀ dz_t (h_0 = 0), dW_in = X̃ᵀ dZ, db = Σ dZ.
	// dW_eff is written straight into W_rec's gradient and chained in place.
	gw := e.g[RecurrentKernel]
	if T > 1 {
		gemm64(blas.Trans, blas.NoTrans, 1, gen64(e.h[blk:], rows-B, n), gen64(e.dz[blk:], rows-B, n), 0, gen64(gw, n, n))
	} else {
		clear(gw)
	}
	// [∂W_in; ∂b] = [X̃ 1]ᵀ dZ in one product.
	gemm64(blas.Trans, blas.NoTrans, 1, gen64(e.xn, rows, e.nIn+1), gen64(e.dz, rows, n), 0, gen64(e.gInB, e.nIn+1, n))
	// Chain rule through the mask and Dale's law to the raw W_rec.
	if e.mask != nil {
		for k, m := range e.mask {
			gw[k] *= m
		}
	}
	if e.sign != nil {
		w := e.p[RecurrentKernel]
		for i := 0; i < n; i++ {
			s := e.sign[i]
			for j := i * n; j < (i+1)*n; j++ {
				v := w[j]
				if e.mask != nil {
					v *= e.mask[j]
				}
				switch {
				case v > 0:
					gw[j] *= s
				case v < 0:
					gw[j] *= -s
				default:
					gw[j] = 0
				}
			}
		}
	}
}

// colSum64 writes the column sums of the row-major matrix a (cols columns)
// into dst.
func colSum64(dst, a []float64, cols int) {
	clear(dst)
	for r := 0; r+cols <= len(a); r += cols {
		row := a[r : r+cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

// gradNormSq returns the squared Euclidean norm of all gradients.
func (e *engine64) gradNormSq() accum {
	var s accum
	for _, g := range e.g {
		for _, v := range g {
			s += accum(v) * accum(v)
		}
	}
	return s
}

// adamStep applies one Keras Adam update with the bias-corrected step size
// lrT = lr·√(1−β2^t)/(1−β1^t) to gradients scaled by scale:
// m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lrT m/(√v + ε).
func (e *engine64) adamStep(lrT, beta1, beta2, eps, scale accum) {
	lr, b1, b2, ep, sc := float64(lrT), float64(beta1), float64(beta2), float64(eps), float64(scale)
	c1, c2 := 1-b1, 1-b2
	for k := range e.p {
		if e.am[k] == nil {
			e.am[k] = make([]float64, len(e.p[k]))
			e.av[k] = make([]float64, len(e.p[k]))
		}
		p, g, m, v := e.p[k], e.g[k], e.am[k], e.av[k]
		for i := range p {
			gi := g[i]
			if sc != 1 {
				gi *= sc
			}
			m[i] = b1*m[i] + c1*gi
			v[i] = b2*v[i] + c2*gi*gi
			p[i] -= lr * m[i] / (sqrt64(v[i]) + ep)
		}
	}
}

// sgdStep applies p ← p − lr·scale·g.
func (e *engine64) sgdStep(lr, scale accum) {
	step := float64(lr * scale)
	for k := range e.p {
		p, g := e.p[k], e.g[k]
		for i := range p {
			p[i] -= step * g[i]
		}
	}
}

// clampNonNeg sets negative recurrent weights to 0 (Keras NonNeg).
func (e *engine64) clampNonNeg() {
	w := e.p[RecurrentKernel]
	for i, v := range w {
		if v < 0 {
			w[i] = 0
		}
	}
}

func (e *engine64) param(k Param) any          { return e.p[k] }
func (e *engine64) grad(k Param) any           { return e.g[k] }
func (e *engine64) moments(k Param) (m, v any) { return e.am[k], e.av[k] }
func (e *engine64) getParam(k Param, dst wide) {
	widen(dst, e.p[k])
}
func (e *engine64) setParam(k Param, src wide) {
	narrow(e.p[k], src)
}
func (e *engine64) getGrad(k Param, dst wide) {
	widen(dst, e.g[k])
}
func (e *engine64) addGrad(k Param, src wide) {
	narrowAdd(e.g[k], src)
}
func (e *engine64) effectiveTo(dst wide) {
	e.prepare()
	widen(dst, e.weff)
}
func (e *engine64) statesTo(dst wide) { widen(dst, e.h[e.size*e.n:]) }
func (e *engine64) logitsTo(dst wide) { widen(dst, e.logits[:len(dst)]) }
func (e *engine64) setMoments(k Param, m, v wide) {
	if e.am[k] == nil {
		e.am[k] = make([]float64, len(e.p[k]))
		e.av[k] = make([]float64, len(e.p[k]))
	}
	narrow(e.am[k], m)
	narrow(e.av[k], v)
}
func (e *engine64) resetMoments() {
	for k := range e.am {
		e.am[k], e.av[k] = nil, nil
	}
}
