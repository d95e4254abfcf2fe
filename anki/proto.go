package anki

import (
	"errors"
	"fmt"
)

// The few protobuf messages of a package (PackageMetadata, MediaEntries, a
// note type's and a template's config) are read with this small wire-format
// reader instead of generated code: four messages, a handful of fields.

var errProto = errors.New("malformed protobuf message")

// protoField is one field of a message: its number, wire type, and value
// (a varint, or the bytes of a length-delimited field).
type protoField struct {
	num    int
	wire   int
	varint uint64
	bytes  []byte
}

// protoFields splits a message into its fields, in order.
func protoFields(b []byte) ([]protoField, error) {
	var out []protoField
	for len(b) > 0 {
		key, n := uvarint(b)
		if n <= 0 {
			return nil, errProto
		}
		b = b[n:]
		f := protoField{num: int(key >> 3), wire: int(key & 7)}
		if f.num <= 0 {
			return nil, errProto
		}
		switch f.wire {
		case 0:
			v, n := uvarint(b)
			if n <= 0 {
				return nil, errProto
			}
			f.varint, b = v, b[n:]
		case 1:
			if len(b) < 8 {
				return nil, errProto
			}
			b = b[8:]
		case 2:
			l, n := uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return nil, errProto
			}
			f.bytes, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return nil, errProto
			}
			b = b[4:]
		default:
			return nil, fmt.Errorf("%w: wire type %d", errProto, f.wire)
		}
		out = append(out, f)
	}
	return out, nil
}

// uvarint decodes a base-128 varint of at most 10 bytes; n <= 0 when b
// holds none.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// protoString is the last value of string field num, "" when absent.
func protoString(fs []protoField, num int) string {
	s := ""
	for _, f := range fs {
		if f.num == num && f.wire == 2 {
			s = string(f.bytes)
		}
	}
	return s
}

// protoVarint is the last value of varint field num, 0 when absent.
func protoVarint(fs []protoField, num int) uint64 {
	var v uint64
	for _, f := range fs {
		if f.num == num && f.wire == 0 {
			v = f.varint
		}
	}
	return v
}
