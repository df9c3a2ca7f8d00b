package model

import (
	"slices"
	"testing"
)

func TestTopics(t *testing.T) {
	want := []string{ElectionInterference, Hacktivism, Leak, StateActor}
	got := Topics()
	if !slices.Equal(got, want) {
		t.Errorf("Topics() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if got := Topics(); !slices.Equal(got, want) {
		t.Errorf("Topics() after changing a previous result = %q, want %q", got, want)
	}
	for _, name := range want {
		if !IsTopic(name) {
			t.Errorf("IsTopic(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"", "Leak", "leaks", " leak", "not:leak", "changed"} {
		if IsTopic(name) {
			t.Errorf("IsTopic(%q) = true, want false", name)
		}
	}
}
