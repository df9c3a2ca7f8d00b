package serving

import (
	"fmt"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	protoenc "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// maxOtherMessage bounds the requests of the services other than
// ClassifierService (health, reflection): a service name, a file name.
const maxOtherMessage = 64 << 10

// codec is the server's protobuf codec. It checks each request before
// unmarshalling it (service.CheckWire: sizes, the number of texts, UTF-8),
// so that decoding cannot amplify a request into much more memory, and so
// that a bad request is answered InvalidArgument, naming the field, where
// grpc-go answers any codec error Internal. To do so it unmarshals nothing
// and keeps its refusal, which the guard (admission.go), the first thing to
// see the message, takes and returns.
type codec struct {
	svc      *service.Service
	base     encoding.CodecV2
	refused  sync.Map // message (a pointer) -> its refusal, a status error
	rejected *metrics.Rejections
}

func newCodec(svc *service.Service, r *metrics.Rejections) *codec {
	return &codec{svc: svc, base: encoding.GetCodecV2(protoenc.Name), rejected: r}
}

// Name is the codec's content subtype: it replaces grpc-go's "proto".
func (c *codec) Name() string { return protoenc.Name }

// Marshal encodes a response as grpc-go's codec does.
func (c *codec) Marshal(v any) (mem.BufferSlice, error) { return c.base.Marshal(v) }

// Unmarshal checks data and unmarshals it into v, or keeps the refusal of
// v for the guard.
func (c *codec) Unmarshal(data mem.BufferSlice, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("codec: %T is not a protobuf message", v)
	}
	buf := data.MaterializeToBuffer(mem.DefaultBufferPool())
	defer buf.Free()
	wire := buf.ReadOnlyData()
	err := c.check(v, wire)
	if err == nil {
		if proto.Unmarshal(wire, m) != nil {
			err = service.Malformed()
		}
	}
	if err != nil {
		c.refused.Store(v, err)
	}
	return nil
}

// check checks the encoded request wire of v.
func (c *codec) check(v any, wire []byte) error {
	switch v.(type) {
	case *topicdv1.ClassifyRequest, *topicdv1.ClassifyBatchRequest:
		return c.svc.CheckWire(v, wire)
	}
	if len(wire) > maxOtherMessage {
		return status.Errorf(codes.InvalidArgument, "request is %d bytes encoded, over the limit of %d bytes", len(wire), maxOtherMessage)
	}
	return nil
}

// refusal returns, and forgets, the refusal of message v, or nil.
func (c *codec) refusal(v any) error {
	err, ok := c.refused.LoadAndDelete(v)
	if !ok {
		return nil
	}
	return err.(error)
}
