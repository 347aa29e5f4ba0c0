package stats

import "slices"

// Rank returns the 1-based ranks of x with ties given the mean of the ranks
// they span (scipy.stats.rankdata(method="average")). x is not modified; a
// non-finite value is an error.
func Rank(x []float64) ([]float64, error) {
	if err := checkSample("x", x, 0); err != nil {
		return nil, err
	}
	r, _ := rankTies(x)
	return r, nil
}

// rankTies returns the average ranks of x and the tie sum Σ (t³ − t) over the
// groups of t equal values.
func rankTies(x []float64) (ranks []float64, tieSum float64) {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	ranks = make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		// positions i..j−1 (0-based) hold ranks i+1..j; their mean:
		r := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			ranks[idx[k]] = r
		}
		t := float64(j - i)
		tieSum += t*t*t - t
		i = j
	}
	return ranks, tieSum
}
