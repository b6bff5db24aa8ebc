//go:build tools

// Keeps the etcd server main package in this module's dependency graph for go mod tidy.
package tools

import _ "go.etcd.io/etcd/server/v3"
