// Package splitmix is SplitMix64's output function (Steele, Lea & Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014,
// doi:10.1145/2714064.2660195), the mixer behind the module's counter-based
// seeds.
package splitmix

// Golden is SplitMix64's gamma, 2⁶⁴/φ rounded to odd: the increment of its
// state between outputs.
const Golden = 0x9e3779b97f4a7c15

// Mix returns the SplitMix64 output for state x: it adds Golden and applies
// the 64-bit finaliser (a bijection on uint64).
func Mix(x uint64) uint64 {
	z := x + Golden
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
