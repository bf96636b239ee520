package testenv

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoTestReadsTheRealDate keeps every test independent of the day it
// runs on. In a *_test.go file, time.Now may appear only
//
//   - in a function whose name contains "RealClock" or "RealDate" (a test
//     that says it reads the real date), or
//   - as `v := time.Now()` (or `v = time.Now()`) where every later use of v
//     in that function is `time.Since(v)`: measuring elapsed time, which
//     never depends on the date.
//
// And a function that builds an app with app.New must set its clock
// (`….Now = …`) in the same function, since app.New starts on the real one.
func TestNoTestReadsTheRealDate(t *testing.T) {
	root := moduleRoot(t)
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		rel, _ := filepath.Rel(root, path)
		for _, p := range clockProblems(t, path) {
			t.Errorf("%s:%s", rel, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("only %d test files found under %s", files, root)
	}
}

// The rule itself, on small sources.
func TestClockRule(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		bad       int
	}{
		{"elapsed", `func TestA(t *testing.T) { start := time.Now(); work(); t.Log(time.Since(start)) }`, 0},
		{"today", `func TestA(t *testing.T) { d := time.Now().AddDate(0, 1, 0); use(d) }`, 1},
		{"start used otherwise", `func TestA(t *testing.T) { start := time.Now(); use(start) }`, 1},
		{"func value", `func TestA(t *testing.T) { a.Now = time.Now }`, 1},
		{"says so", `func TestReportsRealDate(t *testing.T) { use(time.Now()) }`, 0},
		{"real clock helper", `func withRealClock() time.Time { return time.Now() }`, 0},
		{"app without clock", `func TestA(t *testing.T) { a := app.New(db, log, dir); use(a) }`, 1},
		{"app with clock", `func TestA(t *testing.T) { a := app.New(db, log, dir); a.Now = func() time.Time { return fixed } }`, 0},
		{"aliased import", `func TestA(t *testing.T) { use(tm.Now()) }`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			imp := `import "time"`
			if strings.Contains(tc.src, "tm.") {
				imp = `import tm "time"`
			}
			path := filepath.Join(t.TempDir(), "x_test.go")
			if err := os.WriteFile(path, []byte("package x\n"+imp+"\n"+tc.src+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := clockProblems(t, path); len(got) != tc.bad {
				t.Errorf("%d problems, want %d: %v", len(got), tc.bad, got)
			}
		})
	}
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// clockProblems lists the places of one test file that break the rule.
func clockProblems(t *testing.T, path string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	timeName := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "time" {
			timeName = "time"
			if imp.Name != nil {
				timeName = imp.Name.Name
			}
		}
	}
	var out []string
	report := func(n ast.Node, msg string) {
		out = append(out, strconv.Itoa(fset.Position(n.Pos()).Line)+": "+msg)
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		if timeName != "" && !strings.Contains(fn.Name.Name, "RealClock") && !strings.Contains(fn.Name.Name, "RealDate") {
			for _, n := range nowUses(fn.Body, timeName) {
				report(n, "time.Now in a test: inject the clock, or name the test …RealClock/…RealDate")
			}
		}
		if call := appNew(fn.Body); call != nil && !setsNow(fn.Body) {
			report(call, "app.New without setting its Now: the test would run on the real clock")
		}
	}
	return out
}

// nowUses returns the references to time.Now in body that are not the
// elapsed-time form.
func nowUses(body *ast.BlockStmt, timeName string) []ast.Node {
	isNow := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Now" {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == timeName
	}
	isSince := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Since" {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == timeName
	}
	// Variables assigned time.Now() on their own: candidates for elapsed time.
	starts := map[*ast.SelectorExpr]string{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		call, ok2 := as.Rhs[0].(*ast.CallExpr)
		if ok && ok2 && len(call.Args) == 0 && isNow(call.Fun) {
			starts[call.Fun.(*ast.SelectorExpr)] = id.Name
		}
		return true
	})
	// A candidate stays allowed only if its variable is read by time.Since alone.
	allowed := map[string]bool{}
	for _, name := range starts {
		allowed[name] = true
	}
	sinceArgs := map[*ast.Ident]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isSince(call.Fun) && len(call.Args) == 1 {
			if id, ok := call.Args[0].(*ast.Ident); ok {
				sinceArgs[id] = true
			}
		}
		return true
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			// The assignment's own left side is not a use.
			for _, r := range as.Rhs {
				ast.Inspect(r, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && allowed[id.Name] && !sinceArgs[id] {
						allowed[id.Name] = false
					}
					return true
				})
			}
			return false
		}
		if id, ok := n.(*ast.Ident); ok && allowed[id.Name] && !sinceArgs[id] {
			allowed[id.Name] = false
		}
		return true
	})
	var bad []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || !isNow(sel) {
			return true
		}
		if name, ok := starts[sel]; ok && allowed[name] {
			return true
		}
		bad = append(bad, sel)
		return true
	})
	return bad
}

// appNew returns the first call app.New(…) in body, or nil.
func appNew(body *ast.BlockStmt) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "app" {
				found = call
			}
		}
		return true
	})
	return found
}

// setsNow reports whether body assigns to some x.Now.
func setsNow(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Now" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
