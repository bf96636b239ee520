package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dieuhanh/internal/errs"
)

// BlobChunk is the most of a stored file one row holds: storing or serving
// a file keeps one chunk in memory, never the whole file.
const BlobChunk = 1 << 20

// PutBlob stores size bytes read from r under their SHA-256 sum (hex)
// unless that content is already stored. Two uploads of the same content,
// even at the same moment from two servers, both succeed and store it once:
// the second INSERT … ON CONFLICT waits for the first transaction and then
// does nothing.
func (tx *Tx) PutBlob(ctx context.Context, sum string, size int64, r io.Reader, now time.Time) error {
	res, err := tx.exec(ctx, `INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
		sum, size, now.UTC())
	if err != nil {
		return errs.Wrap(err, "store: put blob")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.Wrap(err, "store: put blob") // nil when already stored
	}
	buf := make([]byte, min(size, BlobChunk))
	var total int64
	for seq := 0; total < size; seq++ {
		n, err := io.ReadFull(r, buf[:min(int64(len(buf)), size-total)])
		if err != nil {
			return errs.Wrap(err, "store: read blob content")
		}
		if _, err := tx.exec(ctx, `INSERT INTO blob_chunks (sha256, seq, data) VALUES ($1, $2, $3)`, sum, seq, buf[:n]); err != nil {
			return errs.Wrap(err, "store: put blob chunk")
		}
		total += int64(n)
	}
	return nil
}

// HasBlob reports whether content with this sum is stored.
func (tx *Tx) HasBlob(ctx context.Context, sum string) (bool, error) {
	var one int
	err := tx.queryRow(ctx, `SELECT 1 FROM blobs WHERE sha256 = $1`, sum).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, errs.Wrap(err, "store: has blob")
}

// BlobReader reads a stored file. Each chunk is fetched in its own short
// read transaction when needed, so a slow download holds neither a
// transaction nor a pooled connection. It is an io.ReadSeeker, for
// http.ServeContent (ranges, Content-Length).
type BlobReader struct {
	ctx   context.Context
	db    *DB
	sum   string
	size  int64
	off   int64
	chunk []byte // the chunk holding off, once read
	seq   int64  // its number, -1 when none
}

// OpenBlob returns a reader of the stored file with this sum; NotFound
// when there is none.
func (db *DB) OpenBlob(ctx context.Context, sum string) (*BlobReader, error) {
	var size int64
	err := db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT size FROM blobs WHERE sha256 = $1`, sum).Scan(&size)
	})
	if err != nil {
		return nil, notFound(err, "tệp")
	}
	return &BlobReader{ctx: ctx, db: db, sum: sum, size: size, seq: -1}, nil
}

// Size is the length of the file in bytes.
func (b *BlobReader) Size() int64 { return b.size }

func (b *BlobReader) Read(p []byte) (int, error) {
	if b.off >= b.size {
		return 0, io.EOF
	}
	seq := b.off / BlobChunk
	if seq != b.seq {
		b.chunk = b.chunk[:0]
		err := b.db.View(b.ctx, func(tx *Tx) error {
			return tx.queryRow(b.ctx, `SELECT data FROM blob_chunks WHERE sha256 = $1 AND seq = $2`, b.sum, seq).Scan(&b.chunk)
		})
		if err != nil {
			b.seq = -1
			return 0, fmt.Errorf("store: read blob %s chunk %d: %w", b.sum, seq, err)
		}
		b.seq = seq
	}
	start := b.off - seq*BlobChunk
	if start >= int64(len(b.chunk)) {
		return 0, io.ErrUnexpectedEOF // a chunk shorter than the size says
	}
	n := copy(p, b.chunk[start:])
	b.off += int64(n)
	return n, nil
}

// Seek sets the offset of the next Read.
func (b *BlobReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += b.off
	case io.SeekEnd:
		offset += b.size
	default:
		return 0, errors.New("store: blob seek: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("store: blob seek: negative offset")
	}
	b.off = offset
	return offset, nil
}

// ImportFileDir copies into the database the files that earlier versions
// kept under <data>/files/xx/<sha256>, skipping those already there, and
// returns how many it copied. A file whose content does not match its name
// is left out. The directory may be removed once every server has started
// once with this version.
func (db *DB) ImportFileDir(ctx context.Context, dir string, now time.Time) (int, error) {
	copied := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		sum := d.Name()
		if _, herr := hex.DecodeString(sum); len(sum) != 64 || herr != nil {
			return nil // a leftover temporary file
		}
		var have bool
		if err := db.View(ctx, func(tx *Tx) error {
			var err error
			have, err = tx.HasBlob(ctx, sum)
			return err
		}); err != nil || have {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		size, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		if hex.EncodeToString(h.Sum(nil)) != sum {
			return nil
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := db.Update(ctx, func(tx *Tx) error { return tx.PutBlob(ctx, sum, size, f, now) }); err != nil {
			return err
		}
		copied++
		return nil
	})
	if err != nil {
		return copied, fmt.Errorf("store: import files from %s: %w", dir, err)
	}
	return copied, nil
}
