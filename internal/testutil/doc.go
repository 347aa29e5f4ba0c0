// Package testutil holds the helpers that cortexrnn's tests share: seeded
// random generators, relative/absolute tolerance checks, a central
// finite-difference gradient checker, and the location of the real MICrONS
// fields in ../shared/microns.
//
// It is internal: nothing outside this module may import it, and nothing in it
// is part of the public API.
package testutil
