// Package arith defines Arithmetic, the floating-point type a computation
// runs in. spatial and rnn export it under one name (spatial.Arithmetic and
// rnn.Arithmetic are the same type), so one configuration value selects the
// arithmetic of both, and the zero value means the same thing everywhere:
// float32, the arithmetic of a training step.
package arith

import (
	"encoding/json"
	"fmt"
)

// Arithmetic selects the floating-point type of a computation.
type Arithmetic int

const (
	// Float32 is single precision, the zero value: how Keras and PyTorch
	// train, and how TensorFlow computes the matrix exponential.
	Float32 Arithmetic = iota
	// Float64 is double precision: gradient checks, and the matrix
	// exponential of scipy.linalg.expm_frechet.
	Float64
)

// String returns "float32" or "float64".
func (a Arithmetic) String() string {
	switch a {
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	}
	return fmt.Sprintf("Arithmetic(%d)", int(a))
}

// Valid reports whether a is Float32 or Float64.
func (a Arithmetic) Valid() bool { return a == Float32 || a == Float64 }

// MarshalText returns "float32" or "float64".
func (a Arithmetic) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("unknown %v", a)
	}
	return []byte(a.String()), nil
}

// UnmarshalText parses "float32" or "float64".
func (a *Arithmetic) UnmarshalText(text []byte) error {
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// UnmarshalJSON reads a JSON string ("float32" or "float64") and, for the
// configuration files written before spatial and rnn shared this type, a
// JSON number in the encoding of the former spatial.Precision: 0 for
// float64, 1 for float32 (the experiment package's sweep-config.json stored
// it so; its String and the fingerprint always used the names). JSON null
// leaves a unchanged.
func (a *Arithmetic) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null": // as encoding/json does for other types: no change
		return nil
	case "0":
		*a = Float64
		return nil
	case "1":
		*a = Float32
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("arithmetic %s: want \"float32\" or \"float64\"", b)
	}
	return a.UnmarshalText([]byte(s))
}

// Parse parses "float32" or "float64" (the names String gives).
func Parse(s string) (Arithmetic, error) {
	for _, a := range []Arithmetic{Float32, Float64} {
		if s == a.String() {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown arithmetic %q (want float32 or float64)", s)
}
