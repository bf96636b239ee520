package program

import (
	"testing"
)

// benchNodes builds a deterministic program of n items and exactly m
// finish-to-start links, each from an item 100 to 400 places earlier (due
// about 3 to 11 days before), with due dates spread over June–July 2026 in
// item order and one item in twenty overdue.
func benchNodes(n, m int) []Node {
	first := d("2026-06-01")
	nodes := make([]Node, n)
	for i := range nodes {
		nodes[i] = Node{
			ID:      int64(i + 1),
			Title:   "Nội dung " + itoa3(i),
			Due:     first.AddDays(i * 55 / n),
			Overdue: i%20 == 7,
		}
	}
	seen := make(map[[2]int]bool, m)
	x := uint64(88172645463325252)
	for edges := 0; edges < m; {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		to := 100 + int(x%uint64(n-100))
		from := to - 100 - int((x>>32)%uint64(min(300, to-99)))
		if seen[[2]int{from, to}] {
			continue
		}
		seen[[2]int{from, to}] = true
		nodes[to].Predecessors = append(nodes[to].Predecessors, int64(from+1))
		edges++
	}
	return nodes
}

func itoa3(i int) string {
	return string([]byte{byte('0' + i/1000%10), byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)})
}

func TestBenchGraph(t *testing.T) {
	nodes := benchNodes(2000, 5000)
	edges := 0
	for _, n := range nodes {
		edges += len(n.Predecessors)
	}
	if edges != 5000 {
		t.Fatalf("%d edges", edges)
	}
	r, err := CriticalPath(nodes, testCal(t), d("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	crit, late := 0, 0
	for _, it := range r.Items {
		if it.Critical {
			crit++
		}
		if it.Late {
			late++
		}
		if it.Slack < 0 || it.EarliestFinish > r.Length-1 {
			t.Fatalf("bad schedule %+v", it)
		}
	}
	if len(r.Chains) == 0 || crit == 0 {
		t.Errorf("no critical chain: %d critical, %d chains", crit, len(r.Chains))
	}
	t.Logf("length %d working days (%s–%s), %d critical, %d late, %d chains", r.Length, r.StartDate, r.FinishDate, crit, late, len(r.Chains))
}

func BenchmarkCriticalPath(b *testing.B) {
	nodes := benchNodes(2000, 5000)
	cal := testCal(b)
	start := d("2026-06-01")
	if _, err := CriticalPath(nodes, cal, start); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CriticalPath(nodes, cal, start); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCriticalPathAllLate is the worst case for Delays: every item
// overdue, so every item lists all its transitive successors.
func BenchmarkCriticalPathAllLate(b *testing.B) {
	nodes := benchNodes(2000, 5000)
	for i := range nodes {
		nodes[i].Overdue = true
	}
	cal := testCal(b)
	start := d("2026-06-01")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CriticalPath(nodes, cal, start); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindCycle(b *testing.B) {
	nodes := benchNodes(2000, 5000)
	ids := make([]int64, len(nodes))
	edges := make(map[int64][]int64, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
		edges[n.ID] = n.Predecessors
	}
	for b.Loop() {
		if FindCycle(ids, edges) != nil {
			b.Fatal("cycle")
		}
	}
}
