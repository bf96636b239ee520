package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Every store method that takes a ward lets Tx.scope decide it before
// anything else: a method added without it would trust its caller's ward.
// Methods that take a record's id instead are scoped in their queries
// (wardIs, ofWard) and proven by TestStoreScopesEveryCallToItsBinding and
// the web separation test.
func TestEveryWardParameterGoesThroughScope(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name == "scope" || !takesWard(fn) {
				continue
			}
			checked++
			if !startsWithScope(fn) {
				t.Errorf("%s: (*Tx).%s takes wardID but does not begin with wardID = tx.scope(wardID)", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d methods take a wardID: the rule checks nothing", checked)
	}
}

func takesWard(fn *ast.FuncDecl) bool {
	if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); !ok || star.X.(*ast.Ident).Name != "Tx" {
		return false
	}
	for _, p := range fn.Type.Params.List {
		for _, n := range p.Names {
			if n.Name == "wardID" {
				return true
			}
		}
	}
	return false
}

func startsWithScope(fn *ast.FuncDecl) bool {
	if fn.Body == nil || len(fn.Body.List) == 0 {
		return false
	}
	as, ok := fn.Body.List[0].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.ASSIGN {
		return false
	}
	lhs, ok := as.Lhs[0].(*ast.Ident)
	call, ok2 := as.Rhs[0].(*ast.CallExpr)
	if !ok || !ok2 || lhs.Name != "wardID" || len(call.Args) != 1 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	arg, ok2 := call.Args[0].(*ast.Ident)
	return ok && ok2 && sel.Sel.Name == "scope" && arg.Name == "wardID"
}
