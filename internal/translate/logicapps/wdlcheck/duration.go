package wdlcheck

import (
	"fmt"
	"regexp"
	"strconv"
)

// durationPattern matches ISO 8601 durations with whole-number components
// and optional fractional seconds, such as PT5S, PT1H30M or P1D.
var durationPattern = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// durationUnits are the seconds per component of durationPattern. Years and
// months have no fixed length, so they count as 365 and 30 days, which is
// enough to compare with the one-day bound of retry intervals.
var durationUnits = []float64{365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1}

// parseDuration returns the length of an ISO 8601 duration in seconds.
func parseDuration(s string) (float64, error) {
	m := durationPattern.FindStringSubmatch(s)
	if m == nil || s == "P" || s[len(s)-1] == 'T' {
		return 0, fmt.Errorf("%q is not an ISO 8601 duration", s)
	}

	var total float64

	for i, part := range m[1:] {
		if part == "" {
			continue
		}

		n, err := strconv.ParseFloat(part, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not an ISO 8601 duration: %w", s, err)
		}

		total += n * durationUnits[i]
	}

	return total, nil
}
