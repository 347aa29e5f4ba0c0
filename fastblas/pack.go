package fastblas

import "unsafe"

// packA copies the mc×kc block of op(A) starting at row ic, column pc into
// dst as ⌈mc/mr⌉ micro-panels of mr rows. Micro-panel q holds, for each
// column p, the mr values op(A)[ic+q·mr+i, pc+p] contiguously:
// dst[q·mr·kc + p·mr + i]. Rows past mc are zero so that the micro-kernel can
// always compute full mr×nr tiles. op(A)[i,p] is a[i·lda+p], or a[p·lda+i]
// when trans is true.
func packA[T float](ker *kernel[T], dst []T, trans bool, a []T, lda, ic, pc, mc, kc int) {
	mr := ker.mr
	if trans {
		// Column p of op(A) is a contiguous stretch of row pc+p of a.
		copyPanels(ker, dst, mr, a[pc*lda+ic:], lda, mc, kc)
		return
	}
	for ir := 0; ir < mc; ir += mr {
		transposePanel(ker, dst[ir*kc:ir*kc+kc*mr], mr, a[(ic+ir)*lda+pc:], lda, min(mr, mc-ir), kc)
	}
}

// packB copies the kc×nc block of op(B) starting at row pc, column jc into
// dst as ⌈nc/nr⌉ micro-panels of nr columns. Micro-panel q holds, for each
// row p, the nr values op(B)[pc+p, jc+q·nr+j] contiguously:
// dst[q·nr·kc + p·nr + j]. Columns past nc are zero. op(B)[p,j] is
// b[p·ldb+j], or b[j·ldb+p] when trans is true.
func packB[T float](ker *kernel[T], dst []T, trans bool, b []T, ldb, pc, jc, kc, nc int) {
	nr := ker.nr
	if !trans {
		copyPanels(ker, dst, nr, b[pc*ldb+jc:], ldb, nc, kc)
		return
	}
	for jr := 0; jr < nc; jr += nr {
		transposePanel(ker, dst[jr*kc:jr*kc+kc*nr], nr, b[(jc+jr)*ldb+pc:], ldb, min(nr, nc-jr), kc)
	}
}

// copyPanels packs kc rows of width elements, row p starting at src[p·lds],
// into ⌈width/w⌉ panels of w columns: dst[q·w·kc + p·w + j] =
// src[p·lds + q·w + j], zero past width. It reads src row by row, so that the
// hardware prefetcher streams it.
func copyPanels[T float](ker *kernel[T], dst []T, w int, src []T, lds, width, kc int) {
	panels := ceilDiv(width, w)
	full := width / w
	var z T
	size := int(unsafe.Sizeof(z))
	fast := ker.copyChunks != nil && full > 0 && w*size%16 == 0
	for p := 0; p < kc; p++ {
		row := src[p*lds : p*lds+width]
		q := 0
		if fast {
			// The routine reads row[:full·w] and writes
			// dst[q·w·kc + p·w : … + w] for q < full.
			_ = dst[(full-1)*w*kc+p*w+w-1]
			ker.copyChunks((*byte)(unsafe.Pointer(&dst[p*w])), w*kc*size, (*byte)(unsafe.Pointer(&row[0])), w*size, full)
			q = full
		}
		for ; q < panels; q++ {
			d := dst[q*w*kc+p*w : q*w*kc+p*w+w]
			if n := copy(d, row[q*w:]); n < w {
				clear(d[n:])
			}
		}
	}
}

// transposePanel packs h ≤ w rows of kc elements, row i starting at
// src[i·lds], transposed into dst[p·w + i] (p < kc), zero for h ≤ i < w.
func transposePanel[T float](ker *kernel[T], dst []T, w int, src []T, lds, h, kc int) {
	i := 0
	if ker.transpose != nil && kc >= ker.transposeWidth {
		n := kc / ker.transposeWidth
		cols := n * ker.transposeWidth
		for ; i+4 <= h; i += 4 {
			// The routine reads src[(i+r)·lds + p] and writes
			// dst[p·w + i + r] for r < 4, p < cols.
			_ = src[(i+3)*lds+cols-1]
			_ = dst[(cols-1)*w+i+3]
			ker.transpose(&dst[i], w, &src[i*lds], lds, n)
			for r := i; r < i+4; r++ {
				for p, v := range src[r*lds+cols : r*lds+kc] {
					dst[(cols+p)*w+r] = v
				}
			}
		}
	}
	for ; i+4 <= h; i += 4 {
		r0 := src[i*lds : i*lds+kc]
		r1 := src[(i+1)*lds : (i+1)*lds+kc]
		r2 := src[(i+2)*lds : (i+2)*lds+kc]
		r3 := src[(i+3)*lds : (i+3)*lds+kc]
		for p, v := range r0 {
			d := dst[p*w+i : p*w+i+4 : p*w+i+4]
			d[0], d[1], d[2], d[3] = v, r1[p], r2[p], r3[p]
		}
	}
	for ; i < h; i++ {
		for p, v := range src[i*lds : i*lds+kc] {
			dst[p*w+i] = v
		}
	}
	if h < w {
		for p := 0; p < kc; p++ {
			clear(dst[p*w+h : p*w+w])
		}
	}
}
