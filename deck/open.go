package deck

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// OpenRegular opens path for reading only if it is a regular file (a
// symbolic link to one is fine). A FIFO, device or socket is refused
// without waiting: it is opened non-blocking, so a FIFO with no writer
// cannot hang the caller, and checked before anything is read.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Kind: KindOf(st.Mode())}
	}
	return f, nil
}

// KindOf names the kind of file a mode describes, for messages.
func KindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// NotRegularError is a deck path that is not a regular file (a FIFO, a
// device, a socket), which aipm never reads: it could block forever.
type NotRegularError struct{ Path, Kind string }

func (e *NotRegularError) Error() string {
	msg, try := e.UserHint()
	return msg + "; " + try
}

// UserHint says what went wrong and what to do, apart.
func (e *NotRegularError) UserHint() (msg, try string) {
	return fmt.Sprintf("%s: %s, not a regular file", e.Path, e.Kind), "aipm reads only regular files"
}
