package rnn

import "fmt"

// Text forms of the enumerations, so that checkpoint JSON is readable
// ("relu", "adam", …) and configuration files can name them.

func parseEnum[E interface{ ~int }](what string, text []byte, n E, name func(E) string) (E, error) {
	for e := E(0); e < n; e++ {
		if name(e) == string(text) {
			return e, nil
		}
	}
	return 0, fmt.Errorf("rnn: unknown %s %q: %w", what, text, ErrConfig)
}

// MarshalText returns the activation's name.
func (a Activation) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses "relu", "tanh", "softplus" or "identity".
func (a *Activation) UnmarshalText(text []byte) (err error) {
	*a, err = parseEnum("activation", text, Identity+1, Activation.String)
	return err
}

// MarshalText returns the loss's name.
func (l Loss) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText parses a name returned by Loss.String.
func (l *Loss) UnmarshalText(text []byte) (err error) {
	*l, err = parseEnum("loss", text, MaskedMSE+1, Loss.String)
	return err
}

// MarshalText returns the initialiser's name.
func (i Init) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText parses "orthogonal" or "glorot-uniform".
func (i *Init) UnmarshalText(text []byte) (err error) {
	*i, err = parseEnum("initialiser", text, GlorotUniform+1, Init.String)
	return err
}

// MarshalText returns "adam" or "sgd".
func (k OptimizerKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText parses "adam" or "sgd".
func (k *OptimizerKind) UnmarshalText(text []byte) (err error) {
	*k, err = parseEnum("optimiser", text, SGD+1, OptimizerKind.String)
	return err
}
