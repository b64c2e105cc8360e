package logicapps

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
)

// Suffixes of generated action names. A generated name is the step name,
// "__" and a suffix. User step names never contain "__", so the text before
// the first "__" names the step, and two steps never generate the same name.
const (
	suffixResult    = "result"    // SetVariable of a call's result variable
	suffixCatch     = "catch"     // Scope that handles a call's errors
	suffixUnhandled = "unhandled" // Terminate for errors that no catch matches
	suffixError     = "error"     // SetVariable of a catch's `as` variable
	suffixTerminate = "terminate" // Terminate after a Response that is not last
	prefixCase      = "case"      // If of a switch case after the first
	prefixSet       = "set_"      // SetVariable of one variable of an assign
	prefixOld       = "old_"      // Compose that keeps a variable's old value
)

// actionName joins a step name and suffixes with "__". A name longer than
// the Logic Apps maximum of 80 characters is cut, and the cut is marked with
// a hash of the whole name, so two long names still differ unless their
// hashes collide, which claimName reports.
func actionName(parts ...string) string {
	name := strings.Join(parts, "__")
	if len(name) <= wdlcheck.MaxNameLength {
		return name
	}

	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:4])

	// Trailing underscores of the cut part would run into the "__".
	prefix := strings.TrimRight(name[:wdlcheck.MaxNameLength-len(hash)-2], "_")

	return prefix + "__" + hash
}

func catchName(step string, index int) string {
	return actionName(step, suffixCatch+strconv.Itoa(index))
}

func caseName(step string, index int) string {
	if index == 0 {
		return step
	}

	return actionName(step, prefixCase+strconv.Itoa(index))
}
