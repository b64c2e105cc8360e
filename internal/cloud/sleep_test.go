package cloud

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleepWaitsForDuration(t *testing.T) {
	start := time.Now()

	if err := Sleep(context.Background(), 20*time.Millisecond); err != nil {
		t.Fatalf("Sleep() = %v, want nil", err)
	}

	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Errorf("Sleep returned after %v, before the 20ms wait", elapsed)
	}
}

func TestSleepStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	start := time.Now()

	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep() = %v, want context.Canceled", err)
	}

	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Sleep returned after %v on a cancelled context", elapsed)
	}
}
