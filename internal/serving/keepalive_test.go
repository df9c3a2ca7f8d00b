package serving_test

import (
	"encoding/binary"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/servingtest"
)

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	accepted atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted.Add(1)
	}
	return c, err
}

// serveConnections serves the real server, with the seed model and the
// connection settings c, in memory for the length of the test.
func serveConnections(t *testing.T, c serving.Connections) (*servingtest.Server, *countingListener) {
	t.Helper()
	var lis *countingListener
	s := servingtest.New(t, servingtest.WithConnections(c), servingtest.WrapListener(func(l net.Listener) net.Listener {
		lis = &countingListener{Listener: l}
		return lis
	}))
	return s, lis
}

// TestMaxConnectionAgeReconnects checks that the server closes connections
// older than --max-connection-age, and that a client of the client package
// reconnects without any call failing.
func TestMaxConnectionAgeReconnects(t *testing.T) {
	ctx := servingtest.Context(t)
	s, lis := serveConnections(t, serving.Connections{MaxConcurrentStreams: 100, MaxAge: 20 * time.Millisecond, MaxAgeGrace: time.Minute})
	c, err := client.New(s.Addr, client.WithInsecure(), client.WithDialOptions(grpc.WithContextDialer(s.Dialer())))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// One connection would serve every call: each further one was opened
	// because the server closed the one before for its age.
	calls := 0
	for lis.accepted.Load() < 4 {
		if _, err := c.Classify(ctx, "Anonymous revendique une attaque DDoS"); err != nil {
			t.Fatalf("Classify after %d calls over %d connections: %v", calls, lis.accepted.Load(), err)
		}
		calls++
	}
}

// TestMaxConcurrentStreamsAdvertised checks that the server announces
// --max-concurrent-streams to clients, in the SETTINGS frame that opens
// every HTTP/2 connection (RFC 9113, section 6.5.2).
func TestMaxConcurrentStreamsAdvertised(t *testing.T) {
	ctx := servingtest.Context(t)
	s, _ := serveConnections(t, serving.Connections{MaxConcurrentStreams: 7})
	conn, err := s.Dialer()(ctx, s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	// The client's preface: a fixed string, then an empty SETTINGS frame.
	const preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
	const frameSettings, flagAck, settingsMaxConcurrentStreams = 0x4, 0x1, 0x3
	if _, err := io.WriteString(conn, preface+"\x00\x00\x00\x04\x00\x00\x00\x00\x00"); err != nil {
		t.Fatal(err)
	}
	// The server's preface is a SETTINGS frame, without the ack flag.
	var header [9]byte
	if _, err := io.ReadFull(conn, header[:]); err != nil {
		t.Fatal(err)
	}
	length := int(header[0])<<16 | int(header[1])<<8 | int(header[2])
	if header[3] != frameSettings || header[4]&flagAck != 0 {
		t.Fatalf("first frame from the server has type %#x and flags %#x, want a SETTINGS frame (%#x) without ack", header[3], header[4], frameSettings)
	}
	payload := make([]byte, length)
	if _, err := io.ReadFull(conn, payload); err != nil {
		t.Fatal(err)
	}
	got := map[uint16]uint32{}
	for p := payload; len(p) >= 6; p = p[6:] {
		got[binary.BigEndian.Uint16(p)] = binary.BigEndian.Uint32(p[2:])
	}
	if v, ok := got[settingsMaxConcurrentStreams]; !ok || v != 7 {
		t.Errorf("server SETTINGS %v: SETTINGS_MAX_CONCURRENT_STREAMS = %d (present: %t), want 7", got, v, ok)
	}
}
