package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

var blobNow = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func putBlob(t *testing.T, db *store.DB, data []byte) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.PutBlob(context.Background(), sumOf(data), int64(len(data)), bytes.NewReader(data), blobNow)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A file spanning several chunks comes back whole, from any offset.
func TestBlobRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, n := range []int{1, store.BlobChunk - 1, store.BlobChunk, 2*store.BlobChunk + 12345} {
			data := randomBytes(n, uint64(n))
			putBlob(t, db, data)
			putBlob(t, db, data) // stored once, the second time is a no-op
			b, err := db.OpenBlob(ctx, sumOf(data))
			if err != nil {
				t.Fatal(err)
			}
			if b.Size() != int64(n) {
				t.Fatalf("size %d, want %d", b.Size(), n)
			}
			got, err := io.ReadAll(b)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%d bytes: read %d bytes, %v", n, len(got), err)
			}
			off := int64(n) * 2 / 3
			if _, err := b.Seek(off, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			got, err = io.ReadAll(b)
			if err != nil || !bytes.Equal(got, data[off:]) {
				t.Fatalf("%d bytes from %d: %d bytes, %v", n, off, len(got), err)
			}
		}
		chunks := storetest.RowCounts(t, db, "blob_chunks")["blob_chunks"]
		if want := 1 + 1 + 1 + 3; chunks != want {
			t.Errorf("%d chunks stored, want %d (each content once)", chunks, want)
		}
		if _, err := db.OpenBlob(ctx, sumOf([]byte("không có"))); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing blob: %v", err)
		}
	})
}

// Twenty transactions storing the same content at once all succeed (two
// uploads of one file answered 500), and it is stored once.
func TestConcurrentIdenticalBlobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		data := randomBytes(store.BlobChunk+100, 7)
		var wg sync.WaitGroup
		errc := make(chan error, 20)
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errc <- db.Update(context.Background(), func(tx *store.Tx) error {
					return tx.PutBlob(context.Background(), sumOf(data), int64(len(data)), bytes.NewReader(data), blobNow)
				})
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Error(err)
			}
		}
		b, err := db.OpenBlob(context.Background(), sumOf(data))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(b); !bytes.Equal(got, data) {
			t.Error("content differs")
		}
	})
}

// Files that earlier versions kept under the data dir move into the
// database once; a file whose content does not match its name stays out.
func TestImportFileDir(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir := filepath.Join(t.TempDir(), "files")
		good := randomBytes(3000, 1)
		bad := randomBytes(100, 2)
		write := func(name string, data []byte) {
			p := filepath.Join(dir, name[:2], name)
			os.MkdirAll(filepath.Dir(p), 0o750)
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		write(sumOf(good), good)
		write(sumOf(randomBytes(5, 3)), bad)
		write(sumOf(good)+".tmp", good)
		ctx := context.Background()
		for i, want := range []int{1, 0} {
			n, err := db.ImportFileDir(ctx, dir, blobNow)
			if err != nil || n != want {
				t.Fatalf("import %d: %d, %v; want %d", i+1, n, err, want)
			}
		}
		b, err := db.OpenBlob(ctx, sumOf(good))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(b); !bytes.Equal(got, good) {
			t.Error("imported content differs")
		}
		if n, err := db.ImportFileDir(ctx, filepath.Join(t.TempDir(), "none"), blobNow); n != 0 || err != nil {
			t.Errorf("missing dir: %d %v", n, err)
		}
	})
}
