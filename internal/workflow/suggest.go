package workflow

// Suggest returns " Did you mean "x"?" for the candidate closest to got, or
// an empty string when none is close enough to be a likely typo. The
// provider uses it for its own attributes, so that they suggest names the
// way the workflow language does.
func Suggest(got string, candidates []string) string {
	return suggest(got, candidates)
}
