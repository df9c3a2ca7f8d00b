package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// positionals are the arguments that are not flags: those before "--",
// where "info" names the subcommand, and those after it, all texts.
type positionals struct {
	before, after []string
}

func (p positionals) all() []string {
	return append(p.before[:len(p.before):len(p.before)], p.after...)
}

// parseInterspersed parses the flags of args wherever they stand among the
// other arguments, as GNU getopt does ("topicctl --addr X info --json"),
// where flag.Parse stops at the first argument that is not a flag. After
// "--" every argument is positional, even one starting with "-".
func parseInterspersed(fs *flag.FlagSet, args []string) (positionals, error) {
	var p positionals
	for {
		if err := fs.Parse(args); err != nil {
			return positionals{}, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			p.after = rest
			return p, nil
		}
		if len(rest) == 0 {
			return p, nil
		}
		p.before = append(p.before, rest[0])
		args = rest[1:]
	}
}

// printProtoJSON prints m as protobuf JSON on one line. protojson's output
// varies its white space on purpose; compacting it makes it stable.
func printProtoJSON(w io.Writer, m proto.Message) error {
	b, err := protojson.Marshal(m)
	if err != nil {
		return err
	}
	var line bytes.Buffer
	if err := json.Compact(&line, b); err != nil {
		return err
	}
	line.WriteByte('\n')
	_, err = w.Write(line.Bytes())
	return err
}
