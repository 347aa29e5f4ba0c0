package connectome

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
)

// This file implements the small part of Python's pickle format that numpy
// writes for an object array whose elements are numeric arrays (np.save with
// allow_pickle, protocols 3–5). It is a stack machine that never executes or
// imports anything: the only globals it accepts are
//
//	numpy._core.multiarray._reconstruct  (numpy ≥ 2)
//	numpy.core.multiarray._reconstruct   (numpy 1)
//	numpy.ndarray
//	numpy.dtype
//
// and it applies them by building plain Go values. Any other global, any
// opcode outside the list below, and any malformed argument is an error
// wrapping ErrPickle or ErrFormat.

// Pickle opcodes accepted (names as in CPython's pickletools).
const (
	opMark           = '('
	opStop           = '.'
	opBinInt         = 'J'
	opBinInt1        = 'K'
	opBinInt2        = 'M'
	opNone           = 'N'
	opBinUnicode     = 'X'
	opAppend         = 'a'
	opBuild          = 'b'
	opGlobal         = 'c'
	opAppends        = 'e'
	opBinGet         = 'h'
	opLongBinGet     = 'j'
	opList           = 'l'
	opBinPut         = 'q'
	opLongBinPut     = 'r'
	opReduce         = 'R'
	opTuple          = 't'
	opEmptyTuple     = ')'
	opEmptyList      = ']'
	opBinFloat       = 'G'
	opBinBytes       = 'B'
	opShortBinBytes  = 'C'
	opProto          = 0x80
	opTuple1         = 0x85
	opTuple2         = 0x86
	opTuple3         = 0x87
	opNewTrue        = 0x88
	opNewFalse       = 0x89
	opShortBinUni    = 0x8c
	opBinUnicode8    = 0x8d
	opBinBytes8      = 0x8e
	opMemoize        = 0x94
	opStackGlobal    = 0x93
	opFrame          = 0x95
	maxPickleStack   = 1 << 20
	maxPickleProto   = 5
	minPickleProto   = 2
	pickleNDArrayVer = 1
)

// Values on the pickle stack.
type (
	pyNone   struct{}
	pyTuple  []any
	pyList   struct{ items []any }
	pyGlobal int
	pyDType  struct {
		name  string // "f8", "i8", "O8", …
		order string // '<', '>', '|' or '=' after BUILD
		built bool
	}
	pyNDArray struct {
		shape   []int
		dt      *pyDType
		arr     *Array // numeric payload after BUILD
		objects []any  // object payload after BUILD
		built   bool
	}
)

const (
	globalReconstruct pyGlobal = iota + 1
	globalNDArray
	globalDType
)

// allowedGlobals maps "module\x00name" to the accepted callables.
var allowedGlobals = map[string]pyGlobal{
	"numpy._core.multiarray\x00_reconstruct": globalReconstruct,
	"numpy.core.multiarray\x00_reconstruct":  globalReconstruct,
	"numpy\x00ndarray":                       globalNDArray,
	"numpy\x00dtype":                         globalDType,
}

type pickleVM struct {
	data  []byte
	pos   int
	base  int64 // offset of data[0] in the file, for error messages
	file  string
	op    int // offset of the current opcode
	stack []any
	marks []int
	memo  map[uint32]any
	// decoded counts the raw array bytes decoded so far; a pickle from numpy
	// stores each array's bytes once, so more than len(data) means bytes
	// objects re-used through the memo to amplify memory, and is refused.
	decoded int
}

func (vm *pickleVM) errf(sentinel error, format string, args ...any) error {
	return parseErr(vm.file, vm.base+int64(vm.op), sentinel, "pickle: "+format, args...)
}

func (vm *pickleVM) take(n uint64) ([]byte, error) {
	if n > uint64(len(vm.data)-vm.pos) {
		return nil, vm.errf(ErrFormat, "truncated: need %d bytes, %d left", n, len(vm.data)-vm.pos)
	}
	b := vm.data[vm.pos : vm.pos+int(n)]
	vm.pos += int(n)
	return b, nil
}

func (vm *pickleVM) push(v any) error {
	if len(vm.stack) >= maxPickleStack {
		return vm.errf(ErrFormat, "stack deeper than %d", maxPickleStack)
	}
	vm.stack = append(vm.stack, v)
	return nil
}

func (vm *pickleVM) pop() (any, error) {
	if len(vm.stack) == 0 || (len(vm.marks) > 0 && len(vm.stack) <= vm.marks[len(vm.marks)-1]) {
		return nil, vm.errf(ErrFormat, "stack underflow")
	}
	v := vm.stack[len(vm.stack)-1]
	vm.stack = vm.stack[:len(vm.stack)-1]
	return v, nil
}

func (vm *pickleVM) popMark() ([]any, error) {
	if len(vm.marks) == 0 {
		return nil, vm.errf(ErrFormat, "no MARK on the stack")
	}
	m := vm.marks[len(vm.marks)-1]
	vm.marks = vm.marks[:len(vm.marks)-1]
	items := append([]any(nil), vm.stack[m:]...)
	vm.stack = vm.stack[:m]
	return items, nil
}

func (vm *pickleVM) line() (string, error) {
	for i := vm.pos; i < len(vm.data) && i-vm.pos < 256; i++ {
		if vm.data[i] == '\n' {
			s := string(vm.data[vm.pos:i])
			vm.pos = i + 1
			return s, nil
		}
	}
	return "", vm.errf(ErrFormat, "unterminated GLOBAL argument")
}

func (vm *pickleVM) global(module, name string) error {
	g, ok := allowedGlobals[module+"\x00"+name]
	if !ok {
		return vm.errf(ErrPickle, "global %s.%s is not allowed (only numpy's array reconstruction is)", module, name)
	}
	return vm.push(g)
}

func (vm *pickleVM) memoPut(idx uint32) error {
	if len(vm.stack) == 0 {
		return vm.errf(ErrFormat, "memo put on an empty stack")
	}
	vm.memo[idx] = vm.stack[len(vm.stack)-1]
	return nil
}

func (vm *pickleVM) memoGet(idx uint32) error {
	v, ok := vm.memo[idx]
	if !ok {
		return vm.errf(ErrFormat, "memo key %d not defined", idx)
	}
	return vm.push(v)
}

func (vm *pickleVM) appendTo(items []any) error {
	l, err := vm.pop()
	if err != nil {
		return err
	}
	list, ok := l.(*pyList)
	if !ok {
		return vm.errf(ErrPickle, "APPEND(S) to a %T, want a list", l)
	}
	list.items = append(list.items, items...)
	return vm.push(list)
}

// run executes the pickle and returns the object left by STOP.
func (vm *pickleVM) run() (any, error) {
	for {
		vm.op = vm.pos
		if vm.pos >= len(vm.data) {
			return nil, vm.errf(ErrFormat, "truncated: no STOP opcode")
		}
		op := vm.data[vm.pos]
		vm.pos++
		var err error
		switch op {
		case opProto:
			var b []byte
			if b, err = vm.take(1); err == nil && (b[0] < minPickleProto || b[0] > maxPickleProto) {
				err = vm.errf(ErrPickle, "protocol %d not supported", b[0])
			}
		case opFrame:
			_, err = vm.take(8)
		case opStop:
			if len(vm.stack) != 1 || len(vm.marks) != 0 {
				return nil, vm.errf(ErrFormat, "STOP with %d values and %d marks on the stack, want 1 and 0", len(vm.stack), len(vm.marks))
			}
			return vm.stack[0], nil
		case opMark:
			if len(vm.marks) >= maxPickleStack {
				return nil, vm.errf(ErrFormat, "too many marks")
			}
			vm.marks = append(vm.marks, len(vm.stack))
		case opGlobal:
			var mod, name string
			if mod, err = vm.line(); err == nil {
				if name, err = vm.line(); err == nil {
					err = vm.global(mod, name)
				}
			}
		case opStackGlobal:
			var n, m any
			if n, err = vm.pop(); err == nil {
				if m, err = vm.pop(); err == nil {
					ms, ok1 := m.(string)
					ns, ok2 := n.(string)
					if !ok1 || !ok2 {
						err = vm.errf(ErrFormat, "STACK_GLOBAL needs two strings")
					} else {
						err = vm.global(ms, ns)
					}
				}
			}
		case opNone:
			err = vm.push(pyNone{})
		case opNewTrue:
			err = vm.push(true)
		case opNewFalse:
			err = vm.push(false)
		case opBinInt:
			var b []byte
			if b, err = vm.take(4); err == nil {
				err = vm.push(int64(int32(binary.LittleEndian.Uint32(b))))
			}
		case opBinInt1:
			var b []byte
			if b, err = vm.take(1); err == nil {
				err = vm.push(int64(b[0]))
			}
		case opBinInt2:
			var b []byte
			if b, err = vm.take(2); err == nil {
				err = vm.push(int64(binary.LittleEndian.Uint16(b)))
			}
		case opBinFloat:
			var b []byte
			if b, err = vm.take(8); err == nil {
				err = vm.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
			}
		case opShortBinBytes, opBinBytes, opBinBytes8, opShortBinUni, opBinUnicode, opBinUnicode8:
			err = vm.bytesOp(op)
		case opEmptyTuple:
			err = vm.push(pyTuple{})
		case opTuple1, opTuple2, opTuple3:
			n := int(op-opTuple1) + 1
			if len(vm.stack) < n || (len(vm.marks) > 0 && len(vm.stack)-n < vm.marks[len(vm.marks)-1]) {
				return nil, vm.errf(ErrFormat, "stack underflow in TUPLE%d", n)
			}
			t := append(pyTuple(nil), vm.stack[len(vm.stack)-n:]...)
			vm.stack = vm.stack[:len(vm.stack)-n]
			err = vm.push(t)
		case opTuple:
			var items []any
			if items, err = vm.popMark(); err == nil {
				err = vm.push(pyTuple(items))
			}
		case opEmptyList:
			err = vm.push(&pyList{})
		case opList:
			var items []any
			if items, err = vm.popMark(); err == nil {
				err = vm.push(&pyList{items: items})
			}
		case opAppend:
			var v any
			if v, err = vm.pop(); err == nil {
				err = vm.appendTo([]any{v})
			}
		case opAppends:
			var items []any
			if items, err = vm.popMark(); err == nil {
				err = vm.appendTo(items)
			}
		case opBinPut:
			var b []byte
			if b, err = vm.take(1); err == nil {
				err = vm.memoPut(uint32(b[0]))
			}
		case opLongBinPut:
			var b []byte
			if b, err = vm.take(4); err == nil {
				err = vm.memoPut(binary.LittleEndian.Uint32(b))
			}
		case opMemoize:
			err = vm.memoPut(uint32(len(vm.memo)))
		case opBinGet:
			var b []byte
			if b, err = vm.take(1); err == nil {
				err = vm.memoGet(uint32(b[0]))
			}
		case opLongBinGet:
			var b []byte
			if b, err = vm.take(4); err == nil {
				err = vm.memoGet(binary.LittleEndian.Uint32(b))
			}
		case opReduce:
			err = vm.reduce()
		case opBuild:
			err = vm.build()
		default:
			return nil, vm.errf(ErrPickle, "opcode 0x%02x is not allowed", op)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (vm *pickleVM) bytesOp(op byte) error {
	var n uint64
	switch op {
	case opShortBinBytes, opShortBinUni:
		b, err := vm.take(1)
		if err != nil {
			return err
		}
		n = uint64(b[0])
	case opBinBytes, opBinUnicode:
		b, err := vm.take(4)
		if err != nil {
			return err
		}
		n = uint64(binary.LittleEndian.Uint32(b))
	default:
		b, err := vm.take(8)
		if err != nil {
			return err
		}
		n = binary.LittleEndian.Uint64(b)
	}
	b, err := vm.take(n)
	if err != nil {
		return err
	}
	if op == opShortBinBytes || op == opBinBytes || op == opBinBytes8 {
		return vm.push(b)
	}
	return vm.push(string(b))
}

func (vm *pickleVM) reduce() error {
	a, err := vm.pop()
	if err != nil {
		return err
	}
	f, err := vm.pop()
	if err != nil {
		return err
	}
	args, ok := a.(pyTuple)
	g, okf := f.(pyGlobal)
	if !ok || !okf {
		return vm.errf(ErrPickle, "REDUCE of %T with %T, want an allowed global and a tuple", f, a)
	}
	switch g {
	case globalReconstruct:
		// _reconstruct(numpy.ndarray, (0,), b'b'): an empty array to BUILD.
		if len(args) != 3 || args[0] != globalNDArray {
			return vm.errf(ErrPickle, "_reconstruct arguments %v, want (numpy.ndarray, shape, typecode)", args)
		}
		return vm.push(&pyNDArray{})
	case globalDType:
		// dtype('f8', False, True)
		if len(args) != 3 {
			return vm.errf(ErrPickle, "dtype takes 3 arguments, got %d", len(args))
		}
		name, ok := args[0].(string)
		if !ok || len(name) > 8 {
			return vm.errf(ErrPickle, "dtype name %v is not a short string", args[0])
		}
		return vm.push(&pyDType{name: name})
	}
	return vm.errf(ErrPickle, "numpy.ndarray may not be called directly")
}

func (vm *pickleVM) build() error {
	st, err := vm.pop()
	if err != nil {
		return err
	}
	obj, err := vm.pop()
	if err != nil {
		return err
	}
	state, ok := st.(pyTuple)
	if !ok {
		return vm.errf(ErrPickle, "BUILD state is %T, want a tuple", st)
	}
	switch o := obj.(type) {
	case *pyDType:
		err = vm.buildDType(o, state)
	case *pyNDArray:
		err = vm.buildArray(o, state)
	default:
		err = vm.errf(ErrPickle, "BUILD on %T is not allowed", obj)
	}
	if err != nil {
		return err
	}
	return vm.push(obj)
}

// buildDType applies numpy's dtype state
// (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).
func (vm *pickleVM) buildDType(d *pyDType, s pyTuple) error {
	if d.built {
		return vm.errf(ErrPickle, "dtype built twice")
	}
	if len(s) != 8 && len(s) != 9 {
		return vm.errf(ErrPickle, "dtype state has %d items, want 8 or 9", len(s))
	}
	order, ok := s[1].(string)
	if !ok || len(order) != 1 || (order != "<" && order != ">" && order != "|" && order != "=") {
		return vm.errf(ErrPickle, "dtype byte order %v", s[1])
	}
	for _, k := range []int{2, 3, 4} {
		if _, none := s[k].(pyNone); !none {
			return vm.errf(ErrDType, "structured or sub-array dtypes are not supported")
		}
	}
	d.order, d.built = order, true
	return nil
}

// buildArray applies numpy's ndarray state
// (version, shape, dtype, is_fortran, data) with data raw bytes, or a list
// of objects for an object array.
func (vm *pickleVM) buildArray(a *pyNDArray, s pyTuple) error {
	if a.built {
		return vm.errf(ErrPickle, "ndarray built twice")
	}
	if len(s) != 5 {
		return vm.errf(ErrPickle, "ndarray state has %d items, want 5", len(s))
	}
	if v, ok := s[0].(int64); !ok || v != pickleNDArrayVer {
		return vm.errf(ErrPickle, "ndarray state version %v, want 1", s[0])
	}
	shp, ok := s[1].(pyTuple)
	if !ok {
		return vm.errf(ErrPickle, "ndarray shape is %T, want a tuple", s[1])
	}
	for _, d := range shp {
		n, ok := d.(int64)
		if !ok || n < 0 || n > math.MaxInt32 {
			return vm.errf(ErrShape, "bad dimension %v", d)
		}
		a.shape = append(a.shape, int(n))
	}
	dt, ok := s[2].(*pyDType)
	if !ok || !dt.built {
		return vm.errf(ErrPickle, "ndarray dtype is %T, want a built numpy.dtype", s[2])
	}
	a.dt = dt
	fortran, ok := s[3].(bool)
	if !ok {
		return vm.errf(ErrPickle, "ndarray is_fortran is %T, want a bool", s[3])
	}
	if dt.name == "O8" || dt.name == "O4" || dt.name == "O" {
		list, ok := s[4].(*pyList)
		if !ok {
			return vm.errf(ErrPickle, "object array data is %T, want a list", s[4])
		}
		if n := elements(a.shape, len(list.items)+1); n != len(list.items) {
			return vm.errf(ErrShape, "object array of shape %v holds %d items", a.shape, len(list.items))
		}
		if len(a.shape) > 1 {
			return vm.errf(ErrShape, "object array of shape %v, want 1-D", a.shape)
		}
		a.objects, a.built = list.items, true
		return nil
	}
	raw, ok := s[4].([]byte)
	if !ok {
		return vm.errf(ErrPickle, "array data is %T, want bytes", s[4])
	}
	order := dt.order
	if order == "|" || order == "=" {
		order = "<"
	}
	d, err := npyio.ParseDType(order + dt.name)
	if err != nil || d.Kind == 'U' {
		return vm.errf(ErrDType, "element dtype %q is not supported", dt.name)
	}
	h := &npyio.Header{Descr: d.String(), Fortran: fortran, Shape: a.shape}
	if _, _, nb, err := h.DataBytes(); err != nil || nb != int64(len(raw)) {
		return vm.errf(ErrFormat, "array of shape %v and dtype %s does not fit its %d data bytes", a.shape, d, len(raw))
	}
	if vm.decoded += len(raw); vm.decoded > len(vm.data) {
		return vm.errf(ErrPickle, "arrays re-use the same data bytes (%d decoded bytes from a %d-byte pickle)", vm.decoded, len(vm.data))
	}
	arr, err := npyio.ReadData(bytes.NewReader(raw), h)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return vm.errf(pe.Err, "array data")
		}
		return vm.errf(ErrValue, "array data: %v", err)
	}
	if a.arr, err = fromNPY(arr, d, vm.file); err != nil {
		return err
	}
	a.built = true
	return nil
}

// DecodeObjectNPY reads from r a .npy file holding a 1-D numpy object array
// whose elements are numeric arrays, as np.save(allow_pickle=True) writes it
// (e.g. the positions_<f>.npy and spikes_<f>.npy files of the published
// fields); file names the source in errors. The pickle payload is
// interpreted, never executed (see the allowlist at the top of pickle.go);
// its arrays decode through the module's npy codec. It returns one Array
// per element, in order.
func DecodeObjectNPY(r io.Reader, file string) ([]*Array, error) {
	h, err := npyio.ReadHeader(r)
	if err != nil {
		return nil, fromCodec(err, file)
	}
	if h.Descr != "|O" {
		return nil, parseErr(file, -1, ErrDType, "dtype %q, want an object array '|O'", h.Descr)
	}
	if len(h.Shape) != 1 {
		return nil, parseErr(file, -1, ErrShape, "object array of shape %v, want 1-D", h.Shape)
	}
	payload, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{File: file, Offset: -1, Err: err}
	}
	vm := &pickleVM{data: payload, base: h.Len, file: file, memo: map[uint32]any{}}
	top, err := vm.run()
	if err != nil {
		return nil, err
	}
	if vm.pos != len(vm.data) {
		return nil, parseErr(file, vm.base+int64(vm.pos), ErrFormat, "%d trailing bytes after the pickle", len(vm.data)-vm.pos)
	}
	arr, ok := top.(*pyNDArray)
	if !ok || !arr.built || arr.objects == nil && arr.arr != nil {
		return nil, parseErr(file, -1, ErrPickle, "pickle holds %T, want an object ndarray", top)
	}
	if len(arr.shape) != 1 || arr.shape[0] != h.Shape[0] {
		return nil, parseErr(file, -1, ErrShape, "pickled array shape %v disagrees with header shape %v", arr.shape, h.Shape)
	}
	out := make([]*Array, len(arr.objects))
	for i, o := range arr.objects {
		e, ok := o.(*pyNDArray)
		if !ok || !e.built || e.arr == nil {
			return nil, parseErr(file, -1, ErrDType, "element %d is %s, want a numeric array", i, describePy(o))
		}
		out[i] = e.arr
	}
	return out, nil
}

func describePy(o any) string {
	if a, ok := o.(*pyNDArray); ok && a.objects != nil {
		return "a nested object array"
	}
	return fmt.Sprintf("%T", o)
}

// ReadObjectNPY reads a pickled numpy object array of numeric arrays (see
// DecodeObjectNPY).
func ReadObjectNPY(path string) ([]*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: err}
	}
	defer f.Close()
	return DecodeObjectNPY(f, path)
}

// ReadObjectNPYFS is ReadObjectNPY on a file of fsys.
func ReadObjectNPYFS(fsys fs.FS, name string) ([]*Array, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	defer f.Close()
	return DecodeObjectNPY(f, name)
}

// elements returns the product of the dimensions, or -1 on overflow past max.
func elements(shape []int, max int) int {
	n := 1
	for _, d := range shape {
		if d == 0 {
			return 0
		}
		if n > max/d {
			return -1
		}
		n *= d
	}
	return n
}
