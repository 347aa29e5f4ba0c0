// Command asmgen writes fastblas's amd64 GEMM micro-kernels (kernel_amd64.s).
//
// Every kernel has the Go signature
//
//	func name(k, mode int, a, b, c *T, ldc int, alpha, beta T)
//
// and computes, for a packed MR×k micro-panel a (a[p*MR+i] = A[i,p]) and a
// packed k×NR micro-panel b (b[p*NR+j] = B[p,j]), k ≥ 1, the sums
// acc[i,j] = Σ_p a[p*MR+i]·b[p*NR+j] (one fused multiply–add per product)
// and then, for i < MR, j < NR,
//
//	mode 0: C[i*ldc+j] = alpha·acc[i,j]              (C is not read)
//	mode 1: C[i*ldc+j] = alpha·acc[i,j] + C[i*ldc+j]  (one fused multiply–add)
//	mode 2: C[i*ldc+j] = alpha·acc[i,j] + beta·C[i*ldc+j]
//
// plus, when bit 2 of mode (4) is set, the whole call runs with the
// flush-to-zero (FTZ, bit 15) and denormals-are-zero (DAZ, bit 6) flags of
// MXCSR set: subnormal inputs are read as zero and subnormal results are
// written as zero. The caller's MXCSR is saved on entry and restored before
// every return. This is safe in Go: MXCSR is per-thread state, and an
// assembly function is never asynchronously preempted (the runtime does not
// treat assembly as an async safe point), makes no calls, and so cannot be
// moved to another thread or let another goroutine run on this one while the
// flags are set; a signal handler runs with the kernel's default MXCSR and
// the interrupted value is restored on return from the signal.
//
// The accumulators stay in vector registers for the whole k loop, which is
// unrolled four times.
//
// Every AVX-512 kernel also has an edge variant, name+"Edge", for the tiles
// of C cut by the border of the matrix:
//
//	func nameEdge(k, mode int, a, b, c *T, ldc int, alpha, beta T, rows, cols int)
//
// with 1 ≤ rows ≤ MR and 1 ≤ cols ≤ NR. It runs the same k loop (the same
// fused multiply–adds in the same order) and the same store arithmetic, but
// stores only C[i*ldc+j] for i < rows, j < cols: vector v of a row goes
// through the opmask K(v+1) of its first clamp(cols − v·L, 0, L) lanes
// (L lanes per vector), C is read in modes 1 and 2 with zero-masking loads
// into a register (masked lanes neither fault nor are read), and it returns
// after rows rows. No element of C outside the rows×cols tile is read or
// written, and the stored elements have the bits the full kernel gives
// them. It needs AVX-512F only (KMOVW; no BMI2, AVX512DQ or AVX512BW).
//
// Run it with go generate in the fastblas directory.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
)

// kernel describes one micro-kernel.
type kernel struct {
	name   string
	avx512 bool // Z registers (32 of them) instead of Y registers (16).
	double bool // float64 instead of float32.
	mr     int  // rows of C per call.
	nrVec  int  // vectors per row of C; NR = nrVec·lanes.
}

func (k kernel) elemSize() int {
	if k.double {
		return 8
	}
	return 4
}

func (k kernel) vecBytes() int {
	if k.avx512 {
		return 64
	}
	return 32
}

func (k kernel) nr() int { return k.nrVec * k.vecBytes() / k.elemSize() }

func (k kernel) reg(i int) string {
	if k.avx512 {
		return fmt.Sprintf("Z%d", i)
	}
	return fmt.Sprintf("Y%d", i)
}

func (k kernel) suffix() string {
	if k.double {
		return "PD"
	}
	return "PS"
}

func (k kernel) bcast() string {
	if k.double {
		return "VBROADCASTSD"
	}
	return "VBROADCASTSS"
}

const unroll = 4

// gen writes kernel k, or with edge its edge variant (see the package
// comment), named k.name+"Edge".
func gen(w *bytes.Buffer, k kernel, edge bool) {
	nAcc := k.mr * k.nrVec
	bReg := nAcc           // first B register
	aReg := nAcc + k.nrVec // two broadcast registers
	nRegs := 16
	if k.avx512 {
		nRegs = 32
	}
	if aReg+2 > nRegs {
		log.Fatalf("%s: needs %d registers, have %d", k.name, aReg+2, nRegs)
	}
	es := k.elemSize()
	vb := k.vecBytes()
	nr := k.nr()
	shift := 2
	if k.double {
		shift = 3
	}
	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }

	typ := "float32"
	if k.double {
		typ = "float64"
	}
	rowsArg := 48 + 2*es // byte offsets of the edge variant's rows and cols
	colsArg := rowsArg + 8
	if edge {
		k.name += "Edge"
		fmt.Fprintf(w, "// func %s(k, mode int, a, b, c *%s, ldc int, alpha, beta %s, rows, cols int)\n", k.name, typ, typ)
		fmt.Fprintf(w, "// MR = %d, NR = %d; stores rows×cols of the tile.\n", k.mr, nr)
		fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $8-%d\n", k.name, colsArg+8)
	} else {
		fmt.Fprintf(w, "// func %s(k, mode int, a, b, c *%s, ldc int, alpha, beta %s)\n", k.name, typ, typ)
		fmt.Fprintf(w, "// MR = %d, NR = %d.\n", k.mr, nr)
		fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $8-%d\n", k.name, 48+2*es)
	}
	// Flush mode: save MXCSR and set FTZ|DAZ. R10 keeps the mode.
	p("MOVQ mode+8(FP), R10")
	p("TESTQ $4, R10")
	p("JZ %s_start", k.name)
	p("STMXCSR saved-4(SP)")
	p("MOVL saved-4(SP), AX")
	p("ORL $0x8040, AX")
	p("MOVL AX, flush-8(SP)")
	p("LDMXCSR flush-8(SP)")
	fmt.Fprintf(w, "%s_start:\n", k.name)
	p("MOVQ k+0(FP), CX")
	p("MOVQ a+16(FP), SI")
	p("MOVQ b+24(FP), DI")
	p("MOVQ c+32(FP), DX")
	p("MOVQ ldc+40(FP), R8")
	p("SHLQ $%d, R8", shift)
	// Prefetch the C tile; it is read only after the k loop.
	p("MOVQ DX, R9")
	if edge {
		// The first and last byte of each of the rows rows of the tile.
		p("MOVQ rows+%d(FP), BX", rowsArg)
		p("MOVQ cols+%d(FP), R11", colsArg)
		fmt.Fprintf(w, "%s_prefetch:\n", k.name)
		p("PREFETCHT0 (R9)")
		p("PREFETCHT0 -1(R9)(R11*%d)", es)
		p("ADDQ R8, R9")
		p("DECQ BX")
		p("JNZ %s_prefetch", k.name)
	} else {
		for r := 0; r < k.mr; r++ {
			p("PREFETCHT0 (R9)")
			p("PREFETCHT0 %d(R9)", nr*es-1)
			if r < k.mr-1 {
				p("ADDQ R8, R9")
			}
		}
	}
	for i := 0; i < nAcc; i++ {
		if k.avx512 {
			p("VPXORD %s, %s, %s", k.reg(i), k.reg(i), k.reg(i))
		} else {
			p("VXORPS %s, %s, %s", k.reg(i), k.reg(i), k.reg(i))
		}
	}
	body := func(u int) {
		aOff := u * k.mr * es
		bOff := u * nr * es
		for v := 0; v < k.nrVec; v++ {
			p("VMOVUP%s %d(DI), %s", k.suffix()[1:], bOff+v*vb, k.reg(bReg+v))
		}
		for r := 0; r < k.mr; r++ {
			ar := k.reg(aReg + r%2)
			p("%s %d(SI), %s", k.bcast(), aOff+r*es, ar)
			for v := 0; v < k.nrVec; v++ {
				p("VFMADD231%s %s, %s, %s", k.suffix(), k.reg(bReg+v), ar, k.reg(r*k.nrVec+v))
			}
		}
	}
	p("MOVQ CX, BX")
	p("SHRQ $2, BX")
	p("ANDQ $3, CX")
	p("TESTQ BX, BX")
	p("JZ %s_tail", k.name)
	fmt.Fprintf(w, "%s_loop%d:\n", k.name, unroll)
	p("PREFETCHT0 %d(SI)", 8*k.mr*es)
	for u := 0; u < unroll; u++ {
		body(u)
	}
	p("ADDQ $%d, SI", unroll*k.mr*es)
	p("ADDQ $%d, DI", unroll*nr*es)
	p("DECQ BX")
	p("JNZ %s_loop%d", k.name, unroll)
	fmt.Fprintf(w, "%s_tail:\n", k.name)
	p("TESTQ CX, CX")
	p("JZ %s_store", k.name)
	fmt.Fprintf(w, "%s_loop1:\n", k.name)
	body(0)
	p("ADDQ $%d, SI", k.mr*es)
	p("ADDQ $%d, DI", nr*es)
	p("DECQ CX")
	p("JNZ %s_loop1", k.name)
	fmt.Fprintf(w, "%s_store:\n", k.name)
	alpha := k.reg(aReg)
	beta := k.reg(aReg + 1)
	tmp := k.reg(bReg)
	mov := "VMOVUP" + k.suffix()[1:]
	if edge {
		edgeMasks(p, k, colsArg)
		p("MOVQ rows+%d(FP), R11", rowsArg)
	}
	p("%s alpha+48(FP), %s", k.bcast(), alpha)
	p("MOVQ R10, AX")
	p("ANDQ $3, AX")
	p("CMPQ AX, $1")
	p("JEQ %s_add", k.name)
	p("CMPQ AX, $0")
	p("JEQ %s_set", k.name)
	// mode 2: C = alpha·acc + beta·C.
	p("%s beta+%d(FP), %s", k.bcast(), 48+es, beta)
	if edge {
		edgeRows(p, w, k, 0, func(acc, mask string, off int) {
			p("%s.Z %d(DX), %s, %s", mov, off, mask, tmp)
			p("VMUL%s %s, %s, %s", k.suffix(), tmp, beta, tmp)
			p("VFMADD231%s %s, %s, %s", k.suffix(), acc, alpha, tmp)
			p("%s %s, %s, %d(DX)", mov, tmp, mask, off)
		})
	} else {
		rows(p, k, func(acc string, off int) {
			p("VMUL%s %d(DX), %s, %s", k.suffix(), off, beta, tmp)
			p("VFMADD231%s %s, %s, %s", k.suffix(), acc, alpha, tmp)
			p("%s %s, %d(DX)", mov, tmp, off)
		})
	}
	ret(p, w, k, 0)
	// mode 1: C = alpha·acc + C.
	fmt.Fprintf(w, "%s_add:\n", k.name)
	if edge {
		edgeRows(p, w, k, 1, func(acc, mask string, off int) {
			p("%s.Z %d(DX), %s, %s", mov, off, mask, tmp)
			p("VFMADD213%s %s, %s, %s", k.suffix(), tmp, alpha, acc)
			p("%s %s, %s, %d(DX)", mov, acc, mask, off)
		})
	} else {
		rows(p, k, func(acc string, off int) {
			p("VFMADD213%s %d(DX), %s, %s", k.suffix(), off, alpha, acc)
			p("%s %s, %d(DX)", mov, acc, off)
		})
	}
	ret(p, w, k, 1)
	// mode 0: C = alpha·acc.
	fmt.Fprintf(w, "%s_set:\n", k.name)
	if edge {
		edgeRows(p, w, k, 2, func(acc, mask string, off int) {
			p("VMUL%s %s, %s, %s", k.suffix(), alpha, acc, acc)
			p("%s %s, %s, %d(DX)", mov, acc, mask, off)
		})
	} else {
		rows(p, k, func(acc string, off int) {
			p("VMUL%s %s, %s, %s", k.suffix(), alpha, acc, acc)
			p("%s %s, %d(DX)", mov, acc, off)
		})
	}
	ret(p, w, k, 2)
	fmt.Fprintln(w)
}

// ret emits the return sequence number i: restore MXCSR in flush mode,
// clear the upper vector halves, return.
func ret(p func(string, ...any), w *bytes.Buffer, k kernel, i int) {
	p("TESTQ $4, R10")
	p("JZ %s_ret%d", k.name, i)
	p("LDMXCSR saved-4(SP)")
	fmt.Fprintf(w, "%s_ret%d:\n", k.name, i)
	p("VZEROUPPER")
	p("RET")
}

// rows emits store for every accumulator and its byte offset in its row of
// C, advancing DX by one row (R8 bytes) between rows.
func rows(p func(string, ...any), k kernel, store func(acc string, off int)) {
	for r := 0; r < k.mr; r++ {
		for v := 0; v < k.nrVec; v++ {
			store(k.reg(r*k.nrVec+v), v*k.vecBytes())
		}
		if r < k.mr-1 {
			p("ADDQ R8, DX")
		}
	}
}

// edgeMasks emits, for an edge variant, the opmask K(v+1) of vector v of a
// row of C: its first clamp(cols − v·L, 0, L) lanes of L, built with shifts
// and KMOVW (AVX-512F only; a mask of no lanes loads and stores nothing).
func edgeMasks(p func(string, ...any), k kernel, colsArg int) {
	lanes := k.vecBytes() / k.elemSize()
	p("MOVQ cols+%d(FP), R9", colsArg)
	for v := 0; v < k.nrVec; v++ {
		p("MOVQ R9, CX")
		if v > 0 {
			p("SUBQ $%d, CX", v*lanes)
		}
		p("XORL BX, BX")
		p("CMPQ CX, $0")
		p("CMOVQLT BX, CX")
		p("MOVL $%d, BX", lanes)
		p("CMPQ CX, BX")
		p("CMOVQGT BX, CX")
		p("MOVL $1, AX")
		p("SHLQ CL, AX")
		p("DECQ AX")
		p("KMOVW AX, K%d", v+1)
	}
}

// edgeRows is rows for an edge variant: store also gets the opmask of its
// vector, and after R11 rows (the rows argument) it jumps to the return
// sequence number i.
func edgeRows(p func(string, ...any), w *bytes.Buffer, k kernel, i int, store func(acc, mask string, off int)) {
	for r := 0; r < k.mr; r++ {
		for v := 0; v < k.nrVec; v++ {
			store(k.reg(r*k.nrVec+v), fmt.Sprintf("K%d", v+1), v*k.vecBytes())
		}
		if r < k.mr-1 {
			p("DECQ R11")
			p("JZ %s_done%d", k.name, i)
			p("ADDQ R8, DX")
		}
	}
	fmt.Fprintf(w, "%s_done%d:\n", k.name, i)
}

// Kernels lists the generated kernels; kernel_amd64.go must declare and
// describe them identically.
var kernels = []kernel{
	{name: "sgemmAVX2", mr: 6, nrVec: 2},
	{name: "dgemmAVX2", double: true, mr: 6, nrVec: 2},
	{name: "sgemmAVX512", avx512: true, mr: 12, nrVec: 2},
	{name: "sgemmAVX512x8", avx512: true, mr: 8, nrVec: 2},
	{name: "dgemmAVX512", avx512: true, double: true, mr: 12, nrVec: 2},
}

func main() {
	out := flag.String("out", "kernel_amd64.s", "output file")
	flag.Parse()
	var w bytes.Buffer
	w.WriteString("// Code generated by go run ./internal/asmgen; DO NOT EDIT.\n\n")
	w.WriteString("//go:build amd64 && !purego\n\n")
	w.WriteString("#include \"textflag.h\"\n\n")
	for _, k := range kernels {
		gen(&w, k, false)
	}
	for _, k := range kernels {
		if k.avx512 {
			gen(&w, k, true)
		}
	}
	if err := os.WriteFile(*out, w.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
