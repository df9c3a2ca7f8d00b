module github.com/seed134e4861/topicd

go 1.26.0

require (
	github.com/jbrukh/bayesian v1.1.0
	golang.org/x/text v0.42.0
)

require (
	google.golang.org/grpc v1.85.0 // indirect
	google.golang.org/grpc/cmd/protoc-gen-go-grpc v1.5.1 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

tool (
	google.golang.org/grpc/cmd/protoc-gen-go-grpc
	google.golang.org/protobuf/cmd/protoc-gen-go
)
