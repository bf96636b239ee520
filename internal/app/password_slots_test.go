package app

import (
	"context"
	"testing"

	"dieuhanh/internal/auth"
)

// Password checks queue for a slot: with every slot taken a request waits,
// and gives up when its context ends, instead of allocating another 64 MiB.
func TestPasswordSlotsBoundConcurrency(t *testing.T) {
	a := &App{Password: auth.Params{Memory: 1024, Time: 1, Threads: 1}, passwordSlots: make(chan struct{}, 1)}
	hash, err := a.hashPassword(context.Background(), "dieuhanh-demo")
	if err != nil {
		t.Fatal(err)
	}
	a.passwordSlots <- struct{}{} // another login holds the only slot
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.checkPassword(ctx, "dieuhanh-demo", hash); err == nil {
		t.Fatal("check ran without a free slot")
	}
	<-a.passwordSlots
	if ok, err := a.checkPassword(context.Background(), "dieuhanh-demo", hash); err != nil || !ok {
		t.Fatalf("after the slot is free: %v %v", ok, err)
	}
	if len(a.passwordSlots) != 0 {
		t.Fatal("slot not released")
	}
}
