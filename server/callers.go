package main

import (
	"fmt"
	"net"

	"github.com/seed134e4861/topicd/internal/serving"
)

// addHTTP has srv also serve the HTTP/JSON API on addr (--http-addr); an
// empty addr serves none.
func addHTTP(srv *serving.Server, addr string) error {
	if addr == "" {
		return nil
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--http-addr: %w", err)
	}
	if err := srv.AddHTTP(lis); err != nil {
		lis.Close()
		return err
	}
	return nil
}
