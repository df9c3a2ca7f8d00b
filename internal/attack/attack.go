// Package attack attacks a real topicd server process from outside, as a
// hostile caller would on loopback, and measures what it costs the server:
// its peak resident memory (VmHWM), and whether normal calls are still
// answered. Its tests (attack_test.go) are the attack suite of
// docs/hardening.md; this file holds the tools: starting the binary,
// reading its memory, and a bare HTTP/2 client that can do what a gRPC
// client never does (stall an upload, open streams and send nothing).
package attack

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
)

// Server is a topicd server process.
type Server struct {
	Addr string
	cmd  *exec.Cmd
	done chan struct{}
	err  error // the process's exit, once done is closed
	logs *lockedBuffer
	// KilledAt is the resident memory at which the watchdog killed the
	// process, or 0.
	KilledAt atomic.Int64
}

// Start starts the binary bin on 127.0.0.1, port 0, with args, and waits
// until it logs the address it serves on.
func Start(bin string, args ...string) (*Server, error) {
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, done: make(chan struct{}), logs: new(lockedBuffer)}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		re := regexp.MustCompile(`msg=serving addr=(\S+)`)
		for sc.Scan() {
			s.logs.WriteString(sc.Text() + "\n")
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	select {
	case s.Addr = <-addrc:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("%s exited before serving: %v; logs:\n%s", bin, s.err, s.logs)
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		return nil, fmt.Errorf("%s did not serve within a minute; logs:\n%s", bin, s.logs)
	}
}

// Logs returns what the server logged so far.
func (s *Server) Logs() string { return s.logs.String() }

// Pid returns the server's process id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Done is closed when the process has exited; Err then tells how.
func (s *Server) Done() <-chan struct{} { return s.done }

// Err is the process's exit, once Done is closed.
func (s *Server) Err() error { return s.err }

// Kill kills the process, if it still runs, and waits for it.
func (s *Server) Kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// Memory returns the process's resident memory now (VmRSS) and at its
// peak (VmHWM), in bytes, from /proc.
func (s *Server) Memory() (rss, peak int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.Pid()))
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak, nil
}

// Watchdog kills the server if its resident memory passes limit, checking
// every few milliseconds until stop is closed, and reports whether it did:
// an attack that works must not take the machine down with it.
func (s *Server) Watchdog(limit int64, stop <-chan struct{}) <-chan bool {
	killed := make(chan bool, 1)
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				killed <- false
				return
			case <-s.done:
				killed <- false
				return
			case <-t.C:
				if rss, _, err := s.Memory(); err == nil && rss > limit {
					s.KilledAt.Store(rss)
					s.cmd.Process.Kill()
					killed <- true
					return
				}
			}
		}
	}()
	return killed
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// RawCodec sends and receives messages as the bytes they are, so that an
// attack can send what no protobuf library would build, or build cheaply
// what would cost the attacker as much as the server.
type RawCodec struct{}

// Name is "proto": the server reads the bytes as protobuf.
func (RawCodec) Name() string { return "proto" }

// Marshal returns v, a []byte.
func (RawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(v.([]byte))}, nil
}

// Unmarshal stores the bytes in v, a *[]byte.
func (RawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}

var _ encoding.CodecV2 = RawCodec{}

// H2 is a bare HTTP/2 client connection: it opens gRPC streams, sends
// their bytes when it is told to, and keeps the flow-control windows the
// server gives, so that it can fill exactly what the server lets it.
type H2 struct {
	conn net.Conn
	wmu  sync.Mutex // guards writes and enc
	fr   *http2.Framer
	enc  *hpack.Encoder
	hbuf bytes.Buffer
	addr string
	next uint32

	mu      sync.Mutex
	cond    *sync.Cond
	connWin int64
	winInit int64
	windows map[uint32]int64
	ended   map[uint32]bool // streams the server ended (RST_STREAM or trailers)
	closed  bool            // the connection is gone
}

// DialH2 connects to addr and makes the HTTP/2 handshake.
func DialH2(addr string) (*H2, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	h := &H2{
		conn: conn, addr: addr, next: 1, connWin: 65535, winInit: 65535,
		windows: map[uint32]int64{}, ended: map[uint32]bool{},
	}
	h.cond = sync.NewCond(&h.mu)
	h.fr = http2.NewFramer(conn, conn)
	h.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	h.enc = hpack.NewEncoder(&h.hbuf)
	if _, err := io.WriteString(conn, http2.ClientPreface); err != nil {
		conn.Close()
		return nil, err
	}
	if err := h.fr.WriteSettings(); err != nil {
		conn.Close()
		return nil, err
	}
	go h.read()
	return h, nil
}

// Close closes the connection.
func (h *H2) Close() { h.conn.Close() }

// Closed reports whether the server closed the connection.
func (h *H2) Closed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// Ended reports how many of the streams opened the server has ended.
func (h *H2) Ended() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.ended)
}

func (h *H2) read() {
	defer func() {
		h.mu.Lock()
		h.closed = true
		h.cond.Broadcast()
		h.mu.Unlock()
	}()
	for {
		f, err := h.fr.ReadFrame()
		if err != nil {
			return
		}
		h.mu.Lock()
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				if v, ok := f.Value(http2.SettingInitialWindowSize); ok {
					h.winInit = int64(v)
				}
				h.mu.Unlock()
				h.write(func() error { return h.fr.WriteSettingsAck() })
				h.mu.Lock()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				data := f.Data
				h.mu.Unlock()
				h.write(func() error { return h.fr.WritePing(true, data) })
				h.mu.Lock()
			}
		case *http2.WindowUpdateFrame:
			if f.StreamID == 0 {
				h.connWin += int64(f.Increment)
			} else {
				h.windows[f.StreamID] += int64(f.Increment)
			}
		case *http2.RSTStreamFrame:
			h.ended[f.StreamID] = true
		case *http2.MetaHeadersFrame:
			if f.StreamEnded() {
				h.ended[f.StreamID] = true
			}
		case *http2.DataFrame:
			if f.StreamEnded() {
				h.ended[f.StreamID] = true
			}
		case *http2.GoAwayFrame:
		}
		h.cond.Broadcast()
		h.mu.Unlock()
	}
}

func (h *H2) write(f func() error) error {
	h.wmu.Lock()
	defer h.wmu.Unlock()
	h.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return f()
}

// Open opens a gRPC call of method ("/pkg.Service/Method") with extra
// headers in pairs, and returns its stream id; it sends no message.
func (h *H2) Open(method string, extra ...string) (uint32, error) {
	h.mu.Lock()
	id := h.next
	h.next += 2
	h.windows[id] = h.winInit
	h.mu.Unlock()
	return id, h.write(func() error {
		h.hbuf.Reset()
		fields := []string{":method", "POST", ":scheme", "http", ":path", method, ":authority", h.addr,
			"content-type", "application/grpc", "te", "trailers"}
		all := append(fields, extra...)
		for i := 0; i+1 < len(all); i += 2 {
			h.enc.WriteField(hpack.HeaderField{Name: all[i], Value: all[i+1]})
		}
		return h.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: h.hbuf.Bytes(), EndHeaders: true})
	})
}

// MessageHeader is the 5-byte prefix of a gRPC message of n bytes.
func MessageHeader(n uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{0}, n)
}

// Send sends p on stream id as the flow-control windows allow, waiting
// for them to open, until all is sent, the stream or connection ends, or
// the deadline passes; it returns how much it sent.
func (h *H2) Send(id uint32, p []byte, deadline time.Time) int {
	sent := 0
	for len(p) > 0 {
		h.mu.Lock()
		for !h.closed && !h.ended[id] && (h.connWin <= 0 || h.windows[id] <= 0) && time.Now().Before(deadline) {
			waitCond(h.cond, deadline)
		}
		if h.closed || h.ended[id] || !time.Now().Before(deadline) {
			h.mu.Unlock()
			return sent
		}
		n := min(int64(len(p)), h.connWin, h.windows[id], 16<<10)
		h.connWin -= n
		h.windows[id] -= n
		h.mu.Unlock()
		chunk := p[:n]
		if err := h.write(func() error { return h.fr.WriteData(id, false, chunk) }); err != nil {
			return sent
		}
		p, sent = p[n:], sent+int(n)
	}
	return sent
}

// waitCond waits on c, but not past deadline.
func waitCond(c *sync.Cond, deadline time.Time) {
	t := time.AfterFunc(time.Until(deadline), func() {
		c.L.Lock()
		c.Broadcast()
		c.L.Unlock()
	})
	c.Wait()
	t.Stop()
}
