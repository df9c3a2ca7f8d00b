package client_test

import (
	"context"
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/client/internal/clienttest"
)

func Example() {
	// In production: client.New("topicd.internal:50051", client.WithTransportCredentials(creds)).
	// Here the client talks to an in-memory service trained on the seed articles.
	c, stop, err := serveInMemory(&clienttest.Service{})
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	r, err := c.Classify(context.Background(),
		"Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets : une fuite massive.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("topics:", r.Topics)
	fmt.Println("scores:", len(r.Scores))
	// Output:
	// topics: [leak hacktivism]
	// scores: 4
}
