// Command baseline-go-server is the Go standard library's JSON-RPC server (net/rpc/jsonrpc, JSON-RPC 1.0
// style) answering a health check on a Unix socket, one goroutine per connection. tracker-bridge is
// measured against it.
//
// Usage: baseline-go-server SOCKET_PATH
package main

import (
	"fmt"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
	"os/signal"
	"syscall"
)

// HealthRequest mirrors the by-name params of tracker-bridge's health.check.
type HealthRequest struct {
	Service string `json:"service"`
}

// HealthReply mirrors its result.
type HealthReply struct {
	Status string `json:"status"`
}

// Health is the RPC service; its method is called as "Health.Check".
type Health struct{}

// Check answers that the server is serving.
func (Health) Check(request HealthRequest, reply *HealthReply) error {
	reply.Status = "SERVING"
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: baseline-go-server SOCKET_PATH")
		os.Exit(2)
	}
	path := os.Args[1]

	server := rpc.NewServer()
	if err := server.Register(Health{}); err != nil {
		fmt.Fprintln(os.Stderr, "baseline-go-server: cannot register the service:", err)
		os.Exit(1)
	}

	os.Remove(path)
	listener, err := net.Listen("unix", path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline-go-server: cannot listen:", err)
		os.Exit(1)
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		listener.Close()
	}()

	for {
		connection, err := listener.Accept()
		if err != nil {
			return
		}
		go server.ServeCodec(jsonrpc.NewServerCodec(connection))
	}
}
