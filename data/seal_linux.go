//go:build linux

package data

import "syscall"

// sealAttr is the extended attribute that holds a database file's seal.
const sealAttr = "user.aipm.seal"

// getSeal reads the seal attribute of path; false when it has none or the
// file system keeps no extended attributes.
func getSeal(path string) (string, bool) {
	buf := make([]byte, 128)
	n, err := syscall.Getxattr(path, sealAttr, buf)
	if err != nil || n <= 0 || n > len(buf) {
		return "", false
	}
	return string(buf[:n]), true
}

// setSeal writes the seal attribute of path; a file system without
// extended attributes keeps none, and every open then checks the file.
func setSeal(path, v string) error { return syscall.Setxattr(path, sealAttr, []byte(v), 0) }
