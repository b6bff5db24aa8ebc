// Command kstatus reads Kubernetes objects as JSON, one per line on stdin, and writes for each the status
// that sigs.k8s.io/cli-utils/pkg/kstatus computes for it (what Flux health checks and Helm's wait use),
// as one JSON line on stdout: {"status":"InProgress","message":"..."} or {"error":"..."}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	k8sjson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type answer struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		if err := out.Encode(compute(in.Bytes())); err != nil {
			fmt.Fprintln(os.Stderr, "kstatus:", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "kstatus:", err)
		os.Exit(1)
	}
}

func compute(line []byte) answer {
	// apimachinery's decoder keeps integers as int64, as the API machinery does; encoding/json would give
	// float64, which kstatus refuses for observedGeneration.
	var object map[string]interface{}
	if err := k8sjson.Unmarshal(line, &object); err != nil {
		return answer{Error: err.Error()}
	}
	result, err := status.Compute(&unstructured.Unstructured{Object: object})
	if err != nil {
		return answer{Error: err.Error()}
	}
	return answer{Status: result.Status.String(), Message: result.Message}
}
