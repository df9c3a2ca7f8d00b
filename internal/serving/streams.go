package serving

import (
	"context"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// longStreams tracks the calls that stream responses (health's Watch,
// reflection), which last as long as their client likes: a graceful stop
// waits for every call to end, so at shutdown they are ended (endAll),
// once health has told the watchers NOT_SERVING, rather than hold the
// shutdown for its whole timeout.
type longStreams struct {
	mu      sync.Mutex
	cancels map[*context.CancelFunc]struct{}
	ended   bool
}

func newLongStreams() *longStreams {
	return &longStreams{cancels: make(map[*context.CancelFunc]struct{})}
}

// interceptor registers each streaming call for endAll; after endAll, it
// refuses new ones Unavailable.
func (l *longStreams) interceptor(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if !info.IsServerStream {
		return handler(srv, ss)
	}
	ctx, cancel := context.WithCancel(ss.Context())
	defer cancel()
	l.mu.Lock()
	if l.ended {
		l.mu.Unlock()
		return status.Error(codes.Unavailable, "the server is shutting down")
	}
	l.cancels[&cancel] = struct{}{}
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.cancels, &cancel)
		l.mu.Unlock()
	}()
	return handler(srv, &streamWithContext{ServerStream: ss, ctx: ctx})
}

// endAll ends the streaming calls in flight, and refuses new ones.
func (l *longStreams) endAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ended = true
	for cancel := range l.cancels {
		(*cancel)()
	}
}

// streamWithContext is a stream whose handler sees ctx.
type streamWithContext struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *streamWithContext) Context() context.Context { return s.ctx }
