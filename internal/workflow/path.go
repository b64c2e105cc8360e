package workflow

import (
	"strconv"
	"strings"
)

// PathStep is one element of an attribute path: an object key or a list index.
type PathStep struct {
	Key     string
	Index   int
	IsIndex bool
}

// Path locates a value inside the workflow definition, starting below the
// `definition` attribute. The provider turns it into a Terraform attribute path.
type Path []PathStep

// Key returns a copy of p extended by an object key.
func (p Path) Key(name string) Path {
	out := make(Path, len(p), len(p)+1)
	copy(out, p)

	return append(out, PathStep{Key: name})
}

// Index returns a copy of p extended by a list index.
func (p Path) Index(i int) Path {
	out := make(Path, len(p), len(p)+1)
	copy(out, p)

	return append(out, PathStep{Index: i, IsIndex: true})
}

// String formats p the way Terraform prints attribute paths, rooted at
// `definition`, for example definition.steps[2].call.http.url.
func (p Path) String() string {
	var b strings.Builder
	b.WriteString("definition")

	for _, s := range p {
		if s.IsIndex {
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
			continue
		}

		if isPlainKey(s.Key) {
			b.WriteString("." + s.Key)
		} else {
			b.WriteString("[" + strconv.Quote(s.Key) + "]")
		}
	}

	return b.String()
}

func isPlainKey(k string) bool {
	if k == "" {
		return false
	}

	for i, r := range k {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		digit := r >= '0' && r <= '9'

		if !letter && !(digit && i > 0) && !(r == '-' && i > 0) {
			return false
		}
	}

	return true
}
