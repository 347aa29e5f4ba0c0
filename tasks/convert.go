package tasks

// BatchType is satisfied by every type whose underlying type is Batch's
// struct, field for field. rnn.Batch is one: it declares the same struct
// because tasks and rnn do not import each other (docs: ARCHITECTURE.md,
// "Batches").
type BatchType interface {
	~struct {
		Steps int
		Size  int
		NIn   int
		NOut  int

		X      []float32
		Labels []int
		Y      []float32
		Mask   []float32
	}
}

// Convert returns the batches as a slice of B, the form a consumer such as
// rnn takes them in:
//
//	train := tasks.Convert[rnn.Batch](ds.Train)
//
// The results share their arrays with bs (only the slice headers are
// copied), so writing to a converted batch's X writes to the original. A nil
// element panics.
func Convert[B BatchType](bs []*Batch) []B {
	out := make([]B, len(bs))
	for i, b := range bs {
		out[i] = B(*b)
	}
	return out
}
