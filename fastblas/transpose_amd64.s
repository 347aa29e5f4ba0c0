//go:build amd64 && !purego

#include "textflag.h"

// func transpose4x8s(dst *float32, w int, src *float32, lds int, n int)
//
// For 4 rows of src (row i at src + i·lds) and 8·n columns p, writes
// dst[p·w + i] = src[i·lds + p]: each block of 8 columns is loaded as 4
// vectors, transposed with two rounds of shuffles and stored as 8 groups of
// 4 values. Needs AVX. n ≥ 1.
TEXT ·transpose4x8s(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ w+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	SHLQ $2, R9
	MOVQ n+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R8*2), R11

transpose4x8s_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R9*1), Y1
	VMOVUPS (SI)(R9*2), Y2
	VMOVUPS (SI)(R10*1), Y3
	VUNPCKLPS Y1, Y0, Y4         // a0 b0 a1 b1 | a4 b4 a5 b5
	VUNPCKHPS Y1, Y0, Y5         // a2 b2 a3 b3 | a6 b6 a7 b7
	VUNPCKLPS Y3, Y2, Y6         // c0 d0 c1 d1 | c4 d4 c5 d5
	VUNPCKHPS Y3, Y2, Y7         // c2 d2 c3 d3 | c6 d6 c7 d7
	VSHUFPS   $0x44, Y6, Y4, Y0  // column 0 | column 4
	VSHUFPS   $0xEE, Y6, Y4, Y1  // column 1 | column 5
	VSHUFPS   $0x44, Y7, Y5, Y2  // column 2 | column 6
	VSHUFPS   $0xEE, Y7, Y5, Y3  // column 3 | column 7
	VMOVUPS   X0, (DI)
	VMOVUPS   X1, (DI)(R8*1)
	VMOVUPS   X2, (DI)(R8*2)
	VMOVUPS   X3, (DI)(R11*1)
	LEAQ      (DI)(R8*4), DX
	VEXTRACTF128 $1, Y0, (DX)
	VEXTRACTF128 $1, Y1, (DX)(R8*1)
	VEXTRACTF128 $1, Y2, (DX)(R8*2)
	VEXTRACTF128 $1, Y3, (DX)(R11*1)
	LEAQ      (DX)(R8*4), DI
	ADDQ      $32, SI
	DECQ      CX
	JNZ       transpose4x8s_loop
	VZEROUPPER
	RET

// func transpose4x4d(dst *float64, w int, src *float64, lds int, n int)
//
// The float64 analogue of transpose4x8s for 4 rows and 4·n columns.
TEXT ·transpose4x4d(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ w+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	SHLQ $3, R9
	MOVQ n+32(FP), CX
	LEAQ (R9)(R9*2), R10
	LEAQ (R8)(R8*2), R11

transpose4x4d_loop:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R9*1), Y1
	VMOVUPD (SI)(R9*2), Y2
	VMOVUPD (SI)(R10*1), Y3
	VUNPCKLPD Y1, Y0, Y4          // a0 b0 | a2 b2
	VUNPCKHPD Y1, Y0, Y5          // a1 b1 | a3 b3
	VUNPCKLPD Y3, Y2, Y6          // c0 d0 | c2 d2
	VUNPCKHPD Y3, Y2, Y7          // c1 d1 | c3 d3
	VPERM2F128 $0x20, Y6, Y4, Y0  // column 0
	VPERM2F128 $0x20, Y7, Y5, Y1  // column 1
	VPERM2F128 $0x31, Y6, Y4, Y2  // column 2
	VPERM2F128 $0x31, Y7, Y5, Y3  // column 3
	VMOVUPD   Y0, (DI)
	VMOVUPD   Y1, (DI)(R8*1)
	VMOVUPD   Y2, (DI)(R8*2)
	VMOVUPD   Y3, (DI)(R11*1)
	LEAQ      (DI)(R8*4), DI
	ADDQ      $32, SI
	DECQ      CX
	JNZ       transpose4x4d_loop
	VZEROUPPER
	RET

// func copyChunks(dst *byte, dstStep int, src *byte, chunk int, n int)
//
// Copies n consecutive chunks of chunk bytes from src to dst, dst+dstStep,
// dst+2·dstStep, …: one row of a matrix into n packed panels. chunk is a
// positive multiple of 16. Needs AVX. n ≥ 1.
TEXT ·copyChunks(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStep+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ chunk+24(FP), R9
	MOVQ n+32(FP), CX

copyChunks_chunk:
	PREFETCHT0 1024(SI)
	MOVQ DI, DX
	MOVQ R9, BX

copyChunks_32:
	CMPQ BX, $32
	JLT  copyChunks_16
	VMOVDQU (SI), Y0
	VMOVDQU Y0, (DX)
	ADDQ $32, SI
	ADDQ $32, DX
	SUBQ $32, BX
	JMP  copyChunks_32

copyChunks_16:
	TESTQ BX, BX
	JZ    copyChunks_next
	VMOVDQU (SI), X0
	VMOVDQU X0, (DX)
	ADDQ $16, SI

copyChunks_next:
	ADDQ R8, DI
	DECQ CX
	JNZ  copyChunks_chunk
	VZEROUPPER
	RET
