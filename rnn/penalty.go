package rnn

import "gonum.org/v1/gonum/mat"

// Penalty is a regulariser P(W) on the N×N recurrent weights, added to the
// training loss on every batch and to the validation loss. Trainer hands it
// the raw trainable W_rec (row = presynaptic unit), converted once per batch
// to float64; under Dale's law that is the raw matrix, not the effective
// diag(s)|W ⊙ M| (the paper has no Dale's law and penalises Keras' kernel,
// which is the raw matrix). The package spatial implements it without
// importing rnn. A penalty reports a non-finite W or value with an error
// wrapping ErrNonFinite (spatial's do: spatial.ErrNonFinite is the same
// value), and a W of the wrong shape with a panic.
type Penalty interface {
	// Value returns P(W) for the N×N recurrent matrix W.
	Value(w mat.Matrix) (float64, error)
	// ValueGradTo writes ∂P/∂W into dst (a zero-value dst is sized) and returns P(W).
	ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error)
}
