//go:build ignore

// Jsontext prints {"text": CONTENT} for the file named by its argument, for
// feeding a whole article to grpcurl -d @ without jq.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(map[string]string{"text": string(data)})
}
