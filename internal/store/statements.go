package store

import (
	"context"
	"sync/atomic"
)

// statementsKey carries a request's statement counter in its context.
type statementsKey struct{}

// CountStatements returns a context under which every statement the store
// sends is counted, and a function reading the count. The access log
// records it per request, so a page whose statements grow with what is
// stored (one query per row: N+1) shows, and tests can assert it.
func CountStatements(ctx context.Context) (context.Context, func() int64) {
	var n atomic.Int64
	return context.WithValue(ctx, statementsKey{}, &n), n.Load
}

// counted notes one statement sent under ctx.
func counted(ctx context.Context) {
	if n, ok := ctx.Value(statementsKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}
