package cloud

import (
	"context"
	"time"
)

// Sleep waits for d, or returns ctx.Err() as soon as ctx is done, so that a
// poll loop between calls to a cloud API stops when Terraform cancels it.
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
