package order_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with what the code makes now")

// TestEventsMatchTheirGoldenFiles pins the wire format of every event type
// (contract section 11): each event, made through the domain, encodes as
// testdata/events/<type>.json, and that file decodes back to the same
// bytes. Run with -update after a deliberate change of the format.
func TestEventsMatchTheirGoldenFiles(t *testing.T) {
	made := eventsOfEachType(t)
	for _, typ := range order.EventTypes() {
		name := typ.String()
		e, ok := made[typ]
		if !ok {
			t.Errorf("no event of type %s made", name)
			continue
		}
		got, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata", "events", name+".json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to write it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s encodes as\n%s\nwant (%s)\n%s", name, got, path, want)
		}
		checkRoundTrip(t, want)
		if back, err := order.DecodeEvent(want, typ.Subject()); err != nil || back.Data != e.Data {
			t.Errorf("%s decodes as %+v, %v; want data %+v", path, back, err, e.Data)
		}
	}
	if len(made) != len(order.EventTypes()) {
		t.Errorf("made %d event types, want %d", len(made), len(order.EventTypes()))
	}
}

// checkRoundTrip decodes a golden event and encodes it again: the same
// JSON, so that an event read back from storage is published unchanged.
func checkRoundTrip(t *testing.T, golden []byte) {
	t.Helper()
	var e order.Event
	if err := json.Unmarshal(golden, &e); err != nil {
		t.Fatalf("decode %s: %v", golden, err)
	}
	again, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, golden); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want.Bytes()) {
		t.Errorf("decoded and encoded again:\n%s\nwant\n%s", again, want.Bytes())
	}
}

// eventsOfEachType makes one event of each type through the domain, with
// fixed ids and times, keyed by type: the first of each type that three
// orders produce (one delivered, completed and refunded twice; one
// rejected after payment; one paid the wrong amount).
func eventsOfEachType(t *testing.T) map[order.EventType]order.Event {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	out := map[order.EventType]order.Event{}
	keep := func(o *order.Order) {
		for _, c := range o.Changes() {
			for _, e := range c.Events {
				if _, ok := out[e.Type]; !ok {
					out[e.Type] = e
				}
			}
		}
	}
	newOrder := func(id string) *order.Order {
		d := draft()
		d.ID = id
		o, err := order.New(d, t0)
		must(err)
		return o
	}

	o := newOrder("01jp8w7v00000000000000000a")
	must(o.Pay(order.Payment{TxnID: "txn-1", Amount: 5800, Currency: "CNY"}, at(1)))
	must(o.Apply(order.ActionAccept, theMerchant, "", at(2)))
	must(o.Apply(order.ActionReady, theMerchant, "", at(3)))
	must(o.Apply(order.ActionPickup, theRider, "", at(4)))
	must(o.Apply(order.ActionDeliver, theRider, "", at(5)))
	must(o.Apply(order.ActionConfirm, theUser, "", at(6)))
	_, _, err := o.RequestRefund(order.RefundRequest{RefundID: "rf-1", Amount: 1200, Reason: "cold noodles"}, theUser, at(7))
	must(err)
	_, err = o.CompleteRefund("rf-1", order.RefundOutcome{Succeeded: true, Attempts: 1}, order.System("refund"), at(8))
	must(err)
	_, _, err = o.RequestRefund(order.RefundRequest{RefundID: "rf-2", Amount: 1000}, theService, at(9))
	must(err)
	_, err = o.CompleteRefund("rf-2", order.RefundOutcome{Failure: "card closed", Attempts: 3}, order.System("refund"), at(10))
	must(err)
	keep(o)

	rejected := newOrder("01jp8w7v00000000000000000b")
	must(rejected.Pay(order.Payment{TxnID: "txn-2", Amount: 5800, Currency: "CNY"}, at(1)))
	must(rejected.Apply(order.ActionReject, theMerchant, "out of stock", at(2)))
	keep(rejected)

	mispaid := newOrder("01jp8w7v00000000000000000c")
	_, err = mispaid.TakePayment(order.Payment{TxnID: "txn-3", Amount: 5000, Currency: "CNY"}, at(1))
	must(err)
	keep(mispaid)
	return out
}

// TestStoredChangesStillDecode reads changes as the repository stored
// them before events were typed (testdata/stored/changes-v1.json, written
// by that code: timeline entries and intents hold them so): they decode,
// and encode again to the same bytes.
func TestStoredChangesStillDecode(t *testing.T) {
	stored, err := os.ReadFile(filepath.Join("testdata", "stored", "changes-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var changes []order.Change
	if err := json.Unmarshal(stored, &changes); err != nil {
		t.Fatalf("decode: %v", err)
	}
	again, err := json.MarshalIndent(changes, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if again = append(again, '\n'); !bytes.Equal(again, stored) {
		t.Errorf("encoded again as\n%s\nwant\n%s", again, stored)
	}
	if len(changes) != 7 || len(changes[1].Events) != 0 || changes[4].EventID() != "01jp8w7v00000000000000000d-5-1" {
		t.Errorf("decoded %+v", changes)
	}
}
