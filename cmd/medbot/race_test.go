//go:build race

package main

// raceEnabled: the race detector multiplies memory use several times.
const raceEnabled = true
