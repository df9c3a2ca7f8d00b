package modelfile_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/modelfile"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

func ExampleDecode() {
	m, err := naivebayes.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	data := modelfile.Encode(m)
	back, err := modelfile.Decode(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Version() == m.Version())

	data[len(data)/2] ^= 1
	_, err = modelfile.Decode(data)
	fmt.Println(errors.Is(err, modelfile.ErrBadModelFile))
	fmt.Println(err)
	// Output:
	// true
	// true
	// bad model file: checksum mismatch: the file is corrupt or truncated
}
