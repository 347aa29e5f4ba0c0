package fastblas

import (
	"math"
	"sync"
	"sync/atomic"
)

// parallelMinFlops is the smallest m·n·k for which a GEMM is split over
// several goroutines; below it the hand-off costs more than it saves.
const parallelMinFlops = 1 << 19

// gemmCall holds the validated arguments of one GEMM call and the parts it is
// split into. Calls are recycled through a sync.Pool.
type gemmCall[T float] struct {
	ker           *kernel[T]
	tA, tB        bool
	m, n, k       int
	alpha, beta   T
	a, b, c       []T
	lda, ldb, ldc int
	flush         bool                     // flush subnormals (Implementation.FlushSubnormals)
	pb            *packedB[T]              // op(B) packed in advance, or nil
	then          func(i0, i1, j0, j1 int) // called on each finished block, or nil

	parts   []gemmPart[T]
	pending atomic.Int32 // parts not yet finished by the workers
	refs    atomic.Int32 // the caller and the queued jobs
	wg      sync.WaitGroup
}

// gemmPart is the sub-block C[i0:i1, j0:j1] of a call, computed by one
// goroutine: whichever first claims it, a worker or the caller.
type gemmPart[T float] struct {
	call           *gemmCall[T]
	i0, i1, j0, j1 int
	claimed        atomic.Bool
}

// run is a worker's job: it computes the part unless the caller has
// claimed it, then drops the job's reference to the call.
func (p *gemmPart[T]) run() {
	g := p.call
	p.tryRun()
	g.release()
}

// tryRun computes the part if no other goroutine has claimed it.
func (p *gemmPart[T]) tryRun() {
	if !p.claimed.CompareAndSwap(false, true) {
		return
	}
	p.call.block(p.i0, p.i1, p.j0, p.j1)
	if p.call.then != nil {
		p.call.then(p.i0, p.i1, p.j0, p.j1)
	}
	p.call.pending.Add(-1)
	p.call.wg.Done()
}

// release drops one reference to g (the caller's or a queued job's) and
// recycles g when none is left. A job for a part that the caller ran itself
// may stay queued after the call returns; it keeps g from being reused.
func (g *gemmCall[T]) release() {
	if g.refs.Add(-1) != 0 {
		return
	}
	g.a, g.b, g.c, g.pb, g.then = nil, nil, nil, nil, nil
	callPool[T]().Put(g)
}

var callPool32, callPool64 sync.Pool

func callPool[T float]() *sync.Pool {
	var z T
	if _, ok := any(z).(float32); ok {
		return &callPool32
	}
	return &callPool64
}

// gemm computes C = alpha·op(A)·op(B) + beta·C for arguments that have
// already been validated (see gemmArgsValid), using kernel ker on at most
// threads goroutines, flushing subnormals to zero when flush is set (see
// Implementation.FlushSubnormals).
func gemm[T float](ker *kernel[T], threads int, flush bool, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemmWith(ker, threads, flush, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil, nil)
}

// gemmWith is gemm, with op(B) taken from pb when pb is not nil (b, ldb
// and tB are then unused), calling then (when not nil) on every block of C
// as soon as it is final, on the goroutine that computed it.
func gemmWith[T float](ker *kernel[T], threads int, flush bool, tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, pb *packedB[T], then func(i0, i1, j0, j1 int)) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scale(beta, c, ldc, 0, m, 0, n)
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}
	if ker.tile != nil {
		if pb != nil {
			b, ldb, tB, pb = pb.unpacked()
		}
		if !useDelegate(ker, tB, k, n, b, ldb) {
			ker = ker.exact
		}
	}
	if pb != nil && alpha == 1 && (beta == 0 || beta == 1) {
		// Only then are edge tiles bit for bit the assembly's full tiles
		// also when they are combined with C in Go (kernels without an
		// edge variant; see macro), so that the choice of tile rows (which
		// depends on threads) cannot change the result.
		ker = pickKernel(ker, m, n, k, threads)
	}
	g, _ := callPool[T]().Get().(*gemmCall[T])
	if g == nil {
		g = new(gemmCall[T])
	}
	g.ker, g.tA, g.tB, g.m, g.n, g.k, g.alpha, g.beta = ker, tA, tB, m, n, k, alpha, beta
	g.a, g.b, g.c, g.lda, g.ldb, g.ldc = a, b, c, lda, ldb, ldc
	g.flush, g.pb, g.then = flush, pb, then
	g.parts = g.parts[:0]
	g.split(threads)
	if len(g.parts) == 1 {
		g.parts[0].claimed.Store(true)
		g.block(0, m, 0, n)
		if then != nil {
			then(0, m, 0, n)
		}
		g.refs.Store(1)
	} else {
		runParts(g)
	}
	g.release()
}

// pickKernel returns ker.narrow instead of ker for a product with op(B)
// packed in advance (split by rows, see split) when its tiles give the
// goroutine with the most rows fewer rows to compute, padding included: at
// the rnn step's m = 128 rows on 2 goroutines, 12-row tiles split 72 + 56
// while 8-row tiles split 64 + 64; on one goroutine 12-row tiles compute
// 132 rows, 8-row ones 128 (a training step 3% faster at N = 312, one
// thread: benchstat over 8 alternated runs, p = 0.02). Either kernel gives
// the same bits (the caller's condition).
func pickKernel[T float](ker *kernel[T], m, n, k, threads int) *kernel[T] {
	nk := ker.narrow
	if nk == nil || float64(m)*float64(n)*float64(k) < parallelMinFlops {
		return ker
	}
	critical := func(kr *kernel[T]) int {
		tiles := ceilDiv(m, kr.mr)
		return ceilDiv(tiles, min(threads, tiles)) * kr.mr
	}
	if critical(nk) < critical(ker) {
		return nk
	}
	return ker
}

// split divides C into at most threads parts of whole register tiles along
// the dimension that balances the work best.
func (g *gemmCall[T]) split(threads int) {
	mr, nr := g.ker.mr, g.ker.nr
	mt, nt := ceilDiv(g.m, mr), ceilDiv(g.n, nr)
	if threads < 1 || float64(g.m)*float64(g.n)*float64(g.k) < parallelMinFlops {
		threads = 1
	}
	// Work of the largest part, in rows·columns, for each split direction.
	byRows := min(threads, mt)
	byCols := min(threads, nt)
	rowLoad := min(ceilDiv(mt, byRows)*mr, g.m) * g.n
	colLoad := min(ceilDiv(nt, byCols)*nr, g.n) * g.m
	// On a tie, duplicate the packing of the smaller operand: splitting the
	// rows makes every part pack all of op(B) (k×n); splitting the columns,
	// all of op(A) (m×k). With op(B) packed in advance, splitting the rows
	// duplicates nothing, so it wins whenever every part gets rows: at the
	// rnn step's 128×312×312 that is 5% faster (benchstat, 6 runs) than the
	// better-balanced column split, whose parts each pack all of op(A).
	splitRows := rowLoad < colLoad || (rowLoad == colLoad && g.n <= g.m) || (g.pb != nil && byRows == threads)
	parts := byCols
	if splitRows {
		parts = byRows
	}
	if cap(g.parts) < parts {
		g.parts = make([]gemmPart[T], parts)
	}
	g.parts = g.parts[:parts]
	for q := range g.parts {
		p := &g.parts[q]
		p.call, p.i0, p.i1, p.j0, p.j1 = g, 0, g.m, 0, g.n
		p.claimed.Store(false)
		if splitRows {
			p.i0, p.i1 = q*mt/parts*mr, min((q+1)*mt/parts*mr, g.m)
		} else {
			p.j0, p.j1 = q*nt/parts*nr, min((q+1)*nt/parts*nr, g.n)
		}
	}
}

// scale sets C[i0:i1, j0:j1] to beta·C, writing zeros without reading C when
// beta is zero.
func scale[T float](beta T, c []T, ldc, i0, i1, j0, j1 int) {
	if beta == 1 {
		return
	}
	for i := i0; i < i1; i++ {
		row := c[i*ldc+j0 : i*ldc+j1]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// block computes C[i0:i1, j0:j1] = alpha·op(A)[i0:i1, :]·op(B)[:, j0:j1] +
// beta·C[i0:i1, j0:j1] on the calling goroutine (Goto's algorithm: loops
// over nc column panels, kc slices of k and mc row blocks around the
// register-tile macro-kernel). The first k slice applies beta; later ones
// accumulate.
func (g *gemmCall[T]) block(i0, i1, j0, j1 int) {
	ker := g.ker
	if ker.tile != nil {
		g.delegateBlock(i0, i1, j0, j1)
		return
	}
	// Equal k slices no longer than ker.kc and equal row blocks no taller
	// than ker.mc, so that no slice or block is tiny.
	kc := ceilDiv(g.k, ceilDiv(g.k, ker.kc))
	mc := roundUp(ceilDiv(i1-i0, ceilDiv(i1-i0, ker.mc)), ker.mr)
	ws := getWorkspace(ker, mc, min(ker.nc, j1-j0), kc)
	for jc := j0; jc < j1; jc += ker.nc {
		nc := min(ker.nc, j1-jc)
		for pc := 0; pc < g.k; pc += kc {
			kb := min(kc, g.k-pc)
			mode := modeAdd
			if pc == 0 {
				switch g.beta {
				case 0:
					mode = modeSet
				case 1:
				default:
					mode = modeScale
				}
			}
			if g.flush {
				mode |= modeFlush
			}
			bp := ws.b
			if g.pb != nil {
				bp = g.pb.panel(pc/kc, jc, kb)
			} else {
				packB(ker, bp, g.tB, g.b, g.ldb, pc, jc, kb, nc)
			}
			for ic := i0; ic < i1; ic += mc {
				mb := min(mc, i1-ic)
				packA(ker, ws.a, g.tA, g.a, g.lda, ic, pc, mb, kb)
				g.macro(ws, bp, mode, ic, jc, mb, nc, kb)
			}
		}
	}
	putWorkspace(ws)
}

// macro runs the micro-kernel over the mc×nc block of C at (ic, jc) with the
// packed A block in ws and the packed B panel bpanel, storing as mode says.
// Edge tiles (h < mr rows or w < nr columns, cut by the border of C) go to
// the kernel's edge variant, which stores into C in place with masked
// loads and stores; a kernel without one (AVX2, generic) writes them into a
// scratch tile with modeSet, which is combined with C here. With alpha = 1
// and modes set and add the two ways give the same bits: the scratch tile
// holds the accumulated sum unchanged (1·acc is exact), and C + acc rounds
// once as the fused 1·acc + C does, with the flushing of C (DAZ) and of the
// result (FTZ) done by flushSubnormals. Otherwise the edge variant gives the
// full tile's bits (one fused multiply–add), the Go combination one more
// rounding of alpha·acc, and in modeScale with flushing it does not read a
// subnormal C as zero.
func (g *gemmCall[T]) macro(ws *workspace[T], bpanel []T, mode, ic, jc, mc, nc, kc int) {
	ker := g.ker
	mr, nr, ldc := ker.mr, ker.nr, g.ldc
	tile := ws.tile[:mr*nr]
	edge := ker.edge
	for jr := 0; jr < nc; jr += nr {
		w := min(nr, nc-jr)
		bp := &bpanel[jr*kc : jr*kc+kc*nr][0]
		for ir := 0; ir < mc; ir += mr {
			h := min(mr, mc-ir)
			ap := &ws.a[ir*kc : ir*kc+kc*mr][0]
			ci := (ic+ir)*ldc + jc + jr
			if h == mr && w == nr {
				// The kernel accesses C[ci + i·ldc + j] for i < mr, j < nr.
				ker.fn(kc, mode, ap, bp, &g.c[ci : ci+(mr-1)*ldc+nr][0], ldc, g.alpha, g.beta)
				continue
			}
			if edge != nil {
				// It accesses C[ci + i·ldc + j] for i < h, j < w.
				edge(kc, mode, ap, bp, &g.c[ci : ci+(h-1)*ldc+w][0], ldc, g.alpha, g.beta, h, w)
				continue
			}
			ker.fn(kc, modeSet|mode&modeFlush, ap, bp, &tile[0], nr, g.alpha, 0)
			for i := 0; i < h; i++ {
				crow := g.c[ci+i*ldc : ci+i*ldc+w]
				t := tile[i*nr : i*nr+w]
				switch mode &^ modeFlush {
				case modeSet:
					copy(crow, t)
				case modeAdd:
					if mode&modeFlush != 0 {
						// The assembly reads C with denormals-are-zero.
						flushSubnormals(crow)
					}
					for j, v := range t {
						crow[j] += v
					}
				default:
					for j, v := range t {
						crow[j] = v + g.beta*crow[j]
					}
				}
				if mode&modeFlush != 0 && mode&^modeFlush != modeSet {
					flushSubnormals(crow)
				}
			}
		}
	}
}

// flushSubnormals sets the subnormal elements of s to zero (keeping their
// sign), as the assembly kernels' flush-to-zero mode does, for the edge
// tiles that are combined with C in Go. It tests the exponent bits, so that
// it neither computes with a subnormal (a microcode assist) nor branches
// unpredictably on the sign of v.
func flushSubnormals[T float](s []T) {
	switch s := any(s).(type) {
	case []float32:
		for j, v := range s {
			if b := math.Float32bits(v); b&0x7f800000 == 0 {
				s[j] = math.Float32frombits(b & 0x80000000)
			}
		}
	case []float64:
		for j, v := range s {
			if b := math.Float64bits(v); b&0x7ff0000000000000 == 0 {
				s[j] = math.Float64frombits(b & 0x8000000000000000)
			}
		}
	}
}
