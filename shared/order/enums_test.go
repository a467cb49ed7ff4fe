package order_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestStatuses(t *testing.T) {
	want := []string{"PENDING_PAYMENT", "PAID", "ACCEPTED", "READY", "DELIVERING",
		"DELIVERED", "COMPLETED", "CANCELLED"}
	for i, s := range order.Statuses() {
		if s.String() != want[i] || s.IsZero() {
			t.Fatalf("Statuses()[%d] = %q", i, s)
		}
		if p, err := order.ParseStatus(want[i]); err != nil || p != s {
			t.Fatalf("ParseStatus(%q) = %v, %v", want[i], p, err)
		}
		var u order.Status
		if err := u.UnmarshalText([]byte(want[i])); err != nil || u != s {
			t.Fatalf("UnmarshalText(%q) = %v, %v", want[i], u, err)
		}
		if s.IsFinal() != (i >= 6) {
			t.Fatalf("%s.IsFinal() = %v", s, s.IsFinal())
		}
	}
	for _, bad := range []string{"", "paid", "Paid", "REFUNDED"} {
		if _, err := order.ParseStatus(bad); !errors.Is(err, order.ErrInvalidOrder) {
			t.Errorf("ParseStatus(%q) = %v", bad, err)
		}
	}
	if !(order.Status{}).IsZero() {
		t.Error("zero status not IsZero")
	}
}

func TestRoles(t *testing.T) {
	for _, name := range []string{"user", "merchant", "rider", "service"} {
		if r, err := order.ParseRole(name); err != nil || r.String() != name {
			t.Errorf("ParseRole(%q) = %v, %v", name, r, err)
		}
	}
	for _, bad := range []string{"system", "", "admin", "User"} {
		if _, err := order.ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
	b, err := json.Marshal(order.System("pay-timeout"))
	if err != nil || string(b) != `{"role":"system","id":"pay-timeout"}` {
		t.Fatalf("System actor JSON = %s, %v", b, err)
	}
	var a order.Actor
	if err := json.Unmarshal(b, &a); err != nil || a != order.System("pay-timeout") {
		t.Fatalf("decoded %+v, %v", a, err)
	}
	if err := json.Unmarshal([]byte(`{"role":"root","id":"x"}`), &a); err == nil {
		t.Fatal("decoded an unknown role")
	}
}

func TestActions(t *testing.T) {
	client := []string{"accept", "reject", "ready", "pickup", "deliver", "confirm", "cancel"}
	all := append(client, "pay_timeout", "accept_timeout", "auto_complete")
	for i, a := range order.Actions() {
		if a.String() != all[i] || a.IsSystem() != (i >= 7) {
			t.Fatalf("Actions()[%d] = %q", i, a)
		}
		var u order.Action
		if err := u.UnmarshalText([]byte(all[i])); err != nil || u != a {
			t.Fatalf("UnmarshalText(%q) = %v, %v", all[i], u, err)
		}
		_, err := order.ParseAction(all[i])
		if (err == nil) != (i < 7) {
			t.Fatalf("ParseAction(%q) = %v", all[i], err)
		}
	}
	if _, err := order.ParseAction("pay"); !errors.Is(err, order.ErrInvalidOrder) {
		t.Fatalf("ParseAction(pay) = %v", err)
	}
}
