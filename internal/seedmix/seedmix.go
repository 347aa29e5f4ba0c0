// Package seedmix holds the 64-bit mixing function behind the module's
// counter-based seeds.
package seedmix

// Golden is the SplitMix64 increment, 2⁶⁴/φ rounded to odd.
const Golden = 0x9e3779b97f4a7c15

// SplitMix64 returns the SplitMix64 output for state x (Steele, Lea & Flood
// 2014, doi:10.1145/2714064.2660195): it adds Golden and applies the 64-bit
// finaliser, a bijection on uint64.
func SplitMix64(x uint64) uint64 {
	z := x + Golden
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
