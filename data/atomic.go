package data

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// WriteAtomic writes a file through a temporary file beside it, which it
// renames over path only once write has returned, the bytes are flushed
// and synced. So a full disk or a failed write leaves an old file at path
// whole, and never a part of the new one; the temporary file is removed.
//
// A path that is a symbolic link is written through: the file it points to
// is replaced, and the link stays.
func WriteAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	if lst, err := os.Lstat(path); err == nil && lst.Mode()&os.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return Hintf("mount or restore the file it points to, or name another file", "%s is a symbolic link to a file that does not exist", path)
		}
		path = target
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return diskFull(err)
	}
	syncPath(filepath.Dir(path))
	return nil
}

// diskFull says "the disk is full" for ENOSPC and EDQUOT, which the OS
// words as "no space left on device" and "disk quota exceeded".
func diskFull(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return Hintf("free some space and try again; nothing was changed", "the disk is full (%s)", unwrapPathErr(err))
	}
	return err
}

// IsDatabaseFile reports whether path names the database file of s or one
// of its side files (-wal, -shm, -journal), through any link: writing
// there would destroy the database. side says which suffix matched, ""
// for the database itself.
func (s *Store) IsDatabaseFile(path string) (side string, is bool) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		if r, err := filepath.EvalSymlinks(a); err == nil {
			return r
		}
		// A file that does not exist yet: resolve its folder.
		if d, err := filepath.EvalSymlinks(filepath.Dir(a)); err == nil {
			return filepath.Join(d, filepath.Base(a))
		}
		return a
	}
	target := abs(path)
	dbPath := abs(s.path)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if target == dbPath+suffix {
			return suffix, true
		}
	}
	if ts, err := os.Stat(path); err == nil {
		if ds, err := os.Stat(s.path); err == nil && os.SameFile(ts, ds) {
			return "", true
		}
	}
	return "", false
}
