package origin

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func writeKeys(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, secrets.EventSigningSecret), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func call(body, proof string) handler.Request {
	return handler.Request{Body: []byte(body), Header: http.Header{Header: {proof}}}
}

func TestEventsOfAnyAgeVerifyAndAlteredOnesDoNot(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "key-one\n")
	clock := clocktest.New(time.Now())
	keys, err := FileKeys(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := NewSigner(keys, clock.Now).Sign([]byte(`{"event_id":"e-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * 24 * time.Hour) // a dead letter replayed a month later
	v := Events(keys, clock.Now)
	if err := v.Verify(call(`{"event_id":"e-1"}`, proof)); err != nil {
		t.Fatalf("a month-old event: %v", err)
	}
	for name, req := range map[string]handler.Request{
		"altered": call(`{"event_id":"e-2"}`, proof), "unsigned": call(`{"event_id":"e-1"}`, ""),
		"forged": call(`{"event_id":"e-1"}`, "t=1,v1=00"),
	} {
		if err := v.Verify(req); !errors.Is(err, ErrUnproven) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if v.Refused() != 3 {
		t.Errorf("refused %d, want 3", v.Refused())
	}
}

func TestSchedulesExpire(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "key-one\n")
	clock := clocktest.New(time.Now())
	keys, err := FileKeys(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	proof, _ := NewSigner(keys, clock.Now).Sign(nil)
	v := Schedule(keys, clock.Now)
	if err := v.Verify(call("", proof)); err != nil {
		t.Fatalf("a fresh trigger: %v", err)
	}
	clock.Advance(ScheduleWindow + time.Second)
	if err := v.Verify(call("", proof)); !errors.Is(err, ErrUnproven) {
		t.Fatalf("a replayed trigger: %v", err)
	}
}

func TestKeysRotateOnDisk(t *testing.T) {
	dir := t.TempDir()
	writeKeys(t, dir, "old\n")
	clock := clocktest.New(time.Now())
	keys, err := FileKeys(dir, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	oldProof, _ := NewSigner(keys, clock.Now).Sign([]byte("b"))
	writeKeys(t, dir, "new\nold\n")
	clock.Advance(KeysTTL)
	newProof, _ := NewSigner(keys, clock.Now).Sign([]byte("b"))
	v := Events(keys, clock.Now)
	for name, proof := range map[string]string{"old key": oldProof, "new key": newProof} {
		if err := v.Verify(call("b", proof)); err != nil {
			t.Errorf("%s during the rotation: %v", name, err)
		}
	}
	if oldProof == newProof {
		t.Error("the signer did not move to the new first key")
	}
	if err := os.Remove(filepath.Join(dir, secrets.EventSigningSecret)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(KeysTTL)
	if err := v.Verify(call("b", newProof)); err != nil {
		t.Errorf("a failed re-read keeps the keys in use: %v", err)
	}
	if _, err := FileKeys(dir, clock.Now); err == nil {
		t.Error("keys built without the secret file")
	}
}
