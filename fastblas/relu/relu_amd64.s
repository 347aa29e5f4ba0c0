//go:build amd64 && !purego

#include "textflag.h"

// VCMPPS/VCMPPD predicates: 21 = NLT_UQ (true unless x < 0: NaN and −0
// keep their bits), 30 = GT_OQ (true only for x > 0: NaN gives +0).

// func reluAVX2f32(dst, src *float32, n int)
TEXT ·reluAVX2f32(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPS Y1, Y1, Y1
relu32loop:
	VMOVUPS (SI), Y0
	VCMPPS $21, Y1, Y0, Y2
	VANDPS Y0, Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNZ relu32loop
	VZEROUPPER
	RET

// func reluGradAVX2f32(dst, z, grad *float32, n int, a float32)
TEXT ·reluGradAVX2f32(SB), NOSPLIT, $0-36
	MOVQ dst+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ n+24(FP), CX
	MOVSS a+32(FP), X3
	VBROADCASTSS X3, Y3
	VXORPS Y1, Y1, Y1
grad32loop:
	VMOVUPS (SI), Y0
	VMULPS (DX), Y3, Y2
	VCMPPS $30, Y1, Y0, Y4
	VANDPS Y2, Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JNZ grad32loop
	VZEROUPPER
	RET

// func reluAVX2f64(dst, src *float64, n int)
TEXT ·reluAVX2f64(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPD Y1, Y1, Y1
relu64loop:
	VMOVUPD (SI), Y0
	VCMPPD $21, Y1, Y0, Y2
	VANDPD Y0, Y2, Y2
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ relu64loop
	VZEROUPPER
	RET

// func reluGradAVX2f64(dst, z, grad *float64, n int, a float64)
TEXT ·reluGradAVX2f64(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ n+24(FP), CX
	MOVSD a+32(FP), X3
	VBROADCASTSD X3, Y3
	VXORPD Y1, Y1, Y1
grad64loop:
	VMOVUPD (SI), Y0
	VMULPD (DX), Y3, Y2
	VCMPPD $30, Y1, Y0, Y4
	VANDPD Y2, Y4, Y4
	VMOVUPD Y4, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ grad64loop
	VZEROUPPER
	RET
