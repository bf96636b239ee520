package program

import (
	"dieuhanh/internal/errs"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// ErrCycle matches (errors.Is) every *CycleError.
var ErrCycle = errors.New("vòng lặp phụ thuộc")

// CycleError refuses a set of dependencies that loops. IDs are in
// precedence order: IDs[0] must finish before IDs[1], …, and the last before
// IDs[0] again. A single id is an item that depends on itself.
type CycleError struct {
	IDs    []int64
	Titles []string
}

// Error reads "Vòng lặp phụ thuộc: A → B → C → A".
func (e *CycleError) Error() string {
	names := make([]string, 0, len(e.Titles)+1)
	names = append(names, e.Titles...)
	if len(names) > 0 {
		names = append(names, names[0])
	}
	return "Vòng lặp phụ thuộc: " + strings.Join(names, " → ") + ". Hãy bỏ bớt một liên kết phụ thuộc."
}

// Is makes errors.Is(err, ErrCycle) true.
func (e *CycleError) Is(target error) bool { return target == ErrCycle }

// Unwrap gives the project's error type, so the web layer shows the cycle
// beside the predecessors field like any other invalid input.
func (e *CycleError) Unwrap() error {
	return &errs.Error{Kind: errs.Invalid, Code: "cycle", Message: e.Error(), Fields: map[string]string{"predecessors": e.Error()}}
}

// NewCycleError names a cycle found by FindCycle with the items' titles
// (an id without a title is shown as "#id").
func NewCycleError(cycle []int64, titles map[int64]string) *CycleError {
	e := &CycleError{IDs: slices.Clone(cycle), Titles: make([]string, len(cycle))}
	for i, id := range cycle {
		t, ok := titles[id]
		if !ok || t == "" {
			t = "#" + strconv.FormatInt(id, 10)
		}
		e.Titles[i] = "«" + t + "»"
	}
	return e
}

// graph is a dependency graph over node indices 0..n-1 in compressed sparse
// rows: the predecessors of i are pred[predAt[i]:predAt[i+1]], its
// successors succ[succAt[i]:succAt[i+1]].
type graph struct {
	n              int
	predAt, succAt []int32
	pred, succ     []int32
}

// newGraph builds the graph; appendPreds appends the predecessors of node i
// (already resolved to indices) to dst and returns it.
func newGraph(n int, appendPreds func(i int, dst []int32) []int32) *graph {
	g := &graph{n: n, predAt: make([]int32, n+1), succAt: make([]int32, n+1)}
	for i := range n {
		g.predAt[i] = int32(len(g.pred))
		g.pred = appendPreds(i, g.pred)
	}
	g.predAt[n] = int32(len(g.pred))
	for _, j := range g.pred {
		g.succAt[j+1]++
	}
	for i := range n {
		g.succAt[i+1] += g.succAt[i]
	}
	g.succ = make([]int32, len(g.pred))
	fill := slices.Clone(g.succAt[:n])
	for i := range n {
		for _, j := range g.pred[g.predAt[i]:g.predAt[i+1]] {
			g.succ[fill[j]] = int32(i)
			fill[j]++
		}
	}
	return g
}

// topo returns a topological order (Kahn, first-in first-out, sources in
// index order) and, when the graph loops, a cycle in precedence order.
func (g *graph) topo() (order []int32, cycle []int32) {
	indeg := make([]int32, g.n)
	order = make([]int32, 0, g.n)
	for i := range g.n {
		indeg[i] = g.predAt[i+1] - g.predAt[i]
		if indeg[i] == 0 {
			order = append(order, int32(i))
		}
	}
	for head := 0; head < len(order); head++ {
		u := order[head]
		for _, s := range g.succ[g.succAt[u]:g.succAt[u+1]] {
			indeg[s]--
			if indeg[s] == 0 {
				order = append(order, s)
			}
		}
	}
	if len(order) == g.n {
		return order, nil
	}
	return order, g.findCycle(indeg)
}

// findCycle walks backwards from the first unsorted node through unsorted
// predecessors (every unsorted node has one) until a node repeats; the loop
// walked is a cycle. It is returned in precedence order, starting at its
// lowest index.
func (g *graph) findCycle(indeg []int32) []int32 {
	start := -1
	for i := range g.n {
		if indeg[i] > 0 {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	pos := make([]int32, g.n) // position+1 in the walk, 0 = not visited
	var walk []int32
	v := int32(start)
	for pos[v] == 0 {
		walk = append(walk, v)
		pos[v] = int32(len(walk))
		next := int32(-1)
		for _, p := range g.pred[g.predAt[v]:g.predAt[v+1]] {
			if indeg[p] > 0 {
				next = p
				break
			}
		}
		v = next
	}
	loop := slices.Clone(walk[pos[v]-1:]) // each is a successor of the next
	slices.Reverse(loop)                  // now each precedes the next
	low := 0
	for i, x := range loop {
		if x < loop[low] {
			low = i
		}
	}
	return append(loop[low:], loop[:low]...)
}

// FindCycle looks for a dependency cycle. edges maps an item to its
// predecessors (the items that must finish before it). Items are ids plus
// any id mentioned in edges. It returns one cycle in precedence order
// (cycle[0] must finish before cycle[1], …, the last before cycle[0]), or nil.
// Use it before saving a new predecessor link: add the link to edges and
// call FindCycle; name the items with NewCycleError.
func FindCycle(ids []int64, edges map[int64][]int64) []int64 {
	index := make(map[int64]int32, len(ids))
	all := make([]int64, 0, len(ids))
	addID := func(id int64) {
		if _, ok := index[id]; !ok {
			index[id] = int32(len(all))
			all = append(all, id)
		}
	}
	for _, id := range ids {
		addID(id)
	}
	var extra []int64
	for id, ps := range edges {
		if _, ok := index[id]; !ok {
			extra = append(extra, id)
		}
		for _, p := range ps {
			if _, ok := index[p]; !ok {
				extra = append(extra, p)
			}
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		addID(id)
	}
	g := newGraph(len(all), func(i int, dst []int32) []int32 {
		for _, p := range edges[all[i]] {
			dst = append(dst, index[p])
		}
		return dst
	})
	_, cycle := g.topo()
	if cycle == nil {
		return nil
	}
	out := make([]int64, len(cycle))
	for i, c := range cycle {
		out[i] = all[c]
	}
	return out
}
