package main

import (
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/test/bufconn"

	"github.com/seed134e4861/topicd/client"
)

// countingListener counts the connections it accepts.
type countingListener struct {
	*bufconn.Listener
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
// connection settings c, on an in-memory listener for the length of the
// test.
func serveConnections(t *testing.T, c connections) *countingListener {
	t.Helper()
	s := newServer(serverConfig{limits: defaultLimits, connections: c}, slog.New(slog.DiscardHandler))
	s.svc.SetModel(mustSeedModel(t))
	s.setServing(true)
	lis := &countingListener{Listener: bufconn.Listen(1 << 20)}
	serveUntilCleanup(t, s, lis)
	return lis
}

// TestMaxConnectionAgeReconnects checks that the server closes connections
// older than --max-connection-age, and that a client of the client package
// reconnects without any call failing.
func TestMaxConnectionAgeReconnects(t *testing.T) {
	ctx := testContext(t)
	lis := serveConnections(t, connections{maxConcurrentStreams: 100, maxAge: 20 * time.Millisecond, maxAgeGrace: time.Minute})
	dial := func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }
	c, err := client.New("passthrough:///bufconn", client.WithInsecure(), client.WithDialOptions(grpc.WithContextDialer(dial)))
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
	ctx := testContext(t)
	lis := serveConnections(t, connections{maxConcurrentStreams: 7})
	conn, err := lis.DialContext(ctx)
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
