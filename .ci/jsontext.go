//go:build ignore

// Jsontext prints {"text": CONTENT} for the file named by its first argument,
// for feeding a whole article to grpcurl -d @ without jq; a second argument
// names another field: "jsontext.go page.html html" prints {"html": CONTENT}.
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
	field := "text"
	if len(os.Args) > 2 {
		field = os.Args[2]
	}
	json.NewEncoder(os.Stdout).Encode(map[string]string{field: string(data)})
}
