package app

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// parallel runs every call once, at most workers at a time, and stops
// starting calls after one fails.
func TestParallel(t *testing.T) {
	ctx := context.Background()
	var ran [50]atomic.Int32
	var busy, peak atomic.Int32
	err := parallel(ctx, len(ran), 4, func(ctx context.Context, k int) error {
		n := busy.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		ran[k].Add(1)
		busy.Add(-1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range ran {
		if ran[k].Load() != 1 {
			t.Fatalf("call %d ran %d times", k, ran[k].Load())
		}
	}
	if peak.Load() > 4 {
		t.Errorf("%d at once", peak.Load())
	}
	if err := parallel(ctx, 0, 4, nil); err != nil {
		t.Errorf("no calls: %v", err)
	}
	boom := errors.New("boom")
	var calls atomic.Int32
	err = parallel(ctx, 1000, 2, func(ctx context.Context, k int) error {
		calls.Add(1)
		if k == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || calls.Load() > 100 {
		t.Errorf("after a failure: %v, %d calls", err, calls.Load())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := parallel(cancelled, 10, 2, func(context.Context, int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
