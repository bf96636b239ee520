package web

import (
	"bytes"
	"encoding/gob"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sortedCodec encodes a session as scs's gob codec does, but with its values
// in key order. Gob writes a map in Go's random iteration order, so a
// session with two values or more encoded to different bytes at nearly
// every request, and the store, seeing new data, wrote it every time.
type sortedCodec struct{}

type sortedSession struct {
	Deadline time.Time
	Keys     []string
	Values   []any
}

func (sortedCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	s := sortedSession{Deadline: deadline}
	for k := range values {
		s.Keys = append(s.Keys, k)
	}
	slices.Sort(s.Keys)
	for _, k := range s.Keys {
		s.Values = append(s.Values, values[k])
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Decode reads a session in either encoding: sessions saved before this
// codec stay signed in.
func (sortedCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	var s sortedSession
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil || len(s.Keys) != len(s.Values) {
		return scs.GobCodec{}.Decode(b)
	}
	values := make(map[string]any, len(s.Keys))
	for i, k := range s.Keys {
		values[k] = s.Values[i]
	}
	return s.Deadline, values, nil
}
