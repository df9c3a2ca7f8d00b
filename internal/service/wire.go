package service

import (
	"fmt"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// This file checks a request as it comes off the wire, before it is
// unmarshalled: unmarshalling a ClassifyBatchRequest costs a Go string
// header (16 bytes) and an allocation per item, so a few megabytes of empty
// strings would become hundreds of megabytes of memory before checkBatch
// could count them. CheckWire counts them, and measures every text, on the
// encoded bytes, where they cost nothing.

// textFields names, by field number, the fields that carry texts: in a
// ClassifyRequest (text, html) and in a ClassifyBatchRequest (texts,
// htmls). Pages are texts here: they count against the same limits.
var textFields = map[protowire.Number]struct{ one, many string }{
	1: {"text", "texts"},
	4: {"html", "htmls"},
}

// wireFraming is what the encoding adds to a message besides its texts:
// each text's tag and length, the threshold and explain, and room for
// fields added later.
const (
	perTextFraming = 16
	messageSlack   = 64 << 10
)

// MaxMessageBytes returns the largest encoded request of each kind that
// CheckWire can accept: a Classify request, and a batch. The gRPC server
// refuses larger messages before reading them.
func (c Config) MaxMessageBytes() (classify, batch int64) {
	classify = int64(c.MaxTextBytes) + messageSlack
	batch = c.batchBytes() + int64(c.MaxBatch)*perTextFraming + messageSlack
	return classify, batch
}

// batchBytes is the most text bytes a batch may hold in total.
func (c Config) batchBytes() int64 {
	if c.MaxBatchBytes > 0 {
		return int64(c.MaxBatchBytes)
	}
	return int64(c.MaxBatch) * int64(c.MaxTextBytes)
}

// CheckWire checks the encoded request wire of msg, the message it is about
// to be unmarshalled into, without unmarshalling it: its size, and for
// ClassifyService's requests the number of texts, the size of each and of
// all, and that each is valid UTF-8. It returns nil or the InvalidArgument
// status the caller gets, naming the field. Messages of other types are
// checked for size only.
func (s *Service) CheckWire(msg any, wire []byte) error {
	classifyMax, batchMax := s.cfg.MaxMessageBytes()
	var err error
	switch msg.(type) {
	case *topicdv1.ClassifyRequest:
		err = s.checkWireTexts(wire, classifyMax, false)
	case *topicdv1.ClassifyBatchRequest:
		err = s.checkWireTexts(wire, batchMax, true)
	}
	if err != nil {
		return badRequest(err.(fieldErrors))
	}
	return nil
}

// checkWireTexts checks the texts of an encoded Classify (batch false) or
// ClassifyBatch request of at most maxBytes bytes.
func (s *Service) checkWireTexts(wire []byte, maxBytes int64, batch bool) error {
	if int64(len(wire)) > maxBytes {
		return fieldErrors{{field: "request", reason: fmt.Sprintf("is %d bytes encoded, over the limit of %d bytes", len(wire), maxBytes)}}
	}
	var (
		count   int
		total   int64
		bad     fieldErrors
		perName = map[string]int{}
	)
	for len(wire) > 0 {
		num, typ, n := protowire.ConsumeTag(wire)
		if n < 0 {
			return malformed()
		}
		wire = wire[n:]
		names, isText := textFields[num]
		if !isText || typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, wire); n < 0 {
				return malformed()
			}
			wire = wire[n:]
			continue
		}
		text, n := protowire.ConsumeBytes(wire)
		if n < 0 {
			return malformed()
		}
		wire = wire[n:]
		count++
		total += int64(len(text))
		if err := s.checkWireBatch(batch, names.many, count, total); err != nil {
			return err
		}
		index := perName[names.many]
		perName[names.many]++
		if !utf8.Valid(text) {
			field := names.one
			if batch {
				field = fmt.Sprintf("%s[%d]", names.many, index)
			}
			bad = append(bad, &fieldError{field: field, reason: "is not valid UTF-8"})
		}
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}

// checkWireBatch checks the texts and pages of a batch (batch true) so
// far: count items of total bytes, the last in the repeated field named
// field. The size of each is left to checkBatch, which names every invalid
// one: it costs nothing to unmarshal.
func (s *Service) checkWireBatch(batch bool, field string, count int, total int64) error {
	switch {
	case !batch:
		return nil
	case count > s.cfg.MaxBatch:
		return fieldErrors{{field: field, reason: fmt.Sprintf("holds over %d items, at most %d are accepted in one batch", s.cfg.MaxBatch, s.cfg.MaxBatch)}}
	case total > s.cfg.batchBytes():
		return fieldErrors{{field: field, reason: fmt.Sprintf("hold over %d bytes in all, at most %d are accepted in one batch", s.cfg.batchBytes(), s.cfg.batchBytes())}}
	}
	return nil
}

// malformed is the error of a request that is not a valid protobuf message.
func malformed() error {
	return fieldErrors{{field: "request", reason: "is not a valid protobuf message"}}
}

// Malformed returns the InvalidArgument status of a request that cannot be
// unmarshalled (not protobuf, or a string that is not UTF-8), whatever its
// type.
func Malformed() error { return badRequest(malformed().(fieldErrors)) }
