package orderstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// KeyTTL is how long the record of an idempotency key lives after it is
// written: the contract keeps keys at least 24 h.
const KeyTTL = 25 * time.Hour

// KeyRecord is the store's record of an idempotency key that created an
// order (contract section 6): the request first made under it, the order
// it created and the first answer. It is written with the order by
// CreateOnce and read by LookupKey; refusals, which create nothing, have
// none.
type KeyRecord struct {
	// UserID and Key name the record: keys are scoped to their user.
	UserID, Key string
	// RequestHash identifies the request first made under the key.
	RequestHash string
	// OrderID is the order the key created (set by CreateOnce).
	OrderID string
	// Answer is the first answer, to be given again to every repeat.
	Answer Answer
	// WrittenAt is when the record was written, ExpiresAt when it stops
	// existing (WrittenAt + KeyTTL, to the second); both set by
	// CreateOnce.
	WrittenAt, ExpiresAt time.Time
	// State is where the order stands (set by LookupKey, CreateOnce and
	// in a *KeyTakenError).
	State   KeyState
	version int64
}

// Answer is an answer as given to the client: status and JSON body.
type Answer struct {
	Status int
	// Body is kept byte for byte (place-order's is JSON).
	Body []byte
}

// KeyState says where the order of a key record stands.
type KeyState struct{ s string }

// The states of a key record's order.
var (
	// KeyAnswered: the order is stored; the answer is the one to give.
	KeyAnswered = KeyState{"answered"}
	// KeyWriting: the order is not stored yet, and the attempt writing it
	// may still be running (the record is younger than DefaultHealAge).
	KeyWriting = KeyState{"writing"}
	// KeyAbandoned: the order is not stored and the attempt that wrote
	// the record is dead (the record is DefaultHealAge old): it never
	// answered, and the order is to be created again under the same id.
	KeyAbandoned = KeyState{"abandoned"}
)

// String names the state.
func (s KeyState) String() string { return s.s }

// keyData is the stored payload of a key record but the answer's body:
// the payload is this as JSON, a newline, then the body as it is (JSON
// holds no raw newline, so the first one ends the header; the body is
// neither escaped nor grown, and the record stays within one DynamoDB
// write unit for a one-line order).
type keyData struct {
	Hash    string    `json:"hash"`
	OrderID string    `json:"order_id"`
	Status  int       `json:"status"`
	At      time.Time `json:"at"`
}

// LookupKey returns the record of the user's idempotency key, with the
// state of its order; ErrNotFound when there is none (never used, only
// refused, or expired).
func (r *Repository) LookupKey(ctx context.Context, userID, key string) (KeyRecord, error) {
	k, err := r.loadKey(ctx, userID, key)
	if err != nil {
		return KeyRecord{}, err
	}
	k.State, err = r.keyState(ctx, k)
	return k, err
}

// ForgetKey removes the record of a key whose order was never stored
// (KeyAbandoned), once its retry was refused: the key is then free again,
// for this or another request, as after any refusal. A record that names
// another order, or whose order is stored, is kept.
func (r *Repository) ForgetKey(ctx context.Context, userID, key, orderID string) error {
	k, err := r.LookupKey(ctx, userID, key)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	case k.OrderID != orderID || k.State == KeyAnswered:
		return nil
	}
	err = r.store.Delete(ctx, k.storeKey().PK, k.storeKey().SK, kv.IfVersion(k.version))
	if err != nil && !errors.Is(err, kv.ErrConditionFailed) {
		return fmt.Errorf("forget idempotency key %s: %w", key, err)
	}
	return nil
}

func (r *Repository) loadKey(ctx context.Context, userID, key string) (KeyRecord, error) {
	sk := keyRecordKey(userID, key)
	it, err := r.store.Get(ctx, sk.PK, sk.SK)
	if errors.Is(err, kv.ErrNotFound) {
		return KeyRecord{}, fmt.Errorf("idempotency key %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return KeyRecord{}, fmt.Errorf("idempotency key %s: %w", key, err)
	}
	var d keyData
	header, body, found := bytes.Cut(it.Data, []byte("\n"))
	if err := json.Unmarshal(header, &d); err != nil || !found {
		return KeyRecord{}, fmt.Errorf("decode idempotency key %s: %w", key, errors.Join(err, errors.New("no body")))
	}
	return KeyRecord{UserID: userID, Key: key, RequestHash: d.Hash, OrderID: d.OrderID,
		Answer: Answer{Status: d.Status, Body: body}, WrittenAt: d.At, ExpiresAt: it.ExpiresAt,
		version: it.Version}, nil
}

// keyState reads whether the record's order is stored.
func (r *Repository) keyState(ctx context.Context, k KeyRecord) (KeyState, error) {
	_, err := r.loadMaster(ctx, k.OrderID)
	switch {
	case err == nil:
		return KeyAnswered, nil
	case !errors.Is(err, ErrNotFound):
		return KeyState{}, err
	case r.now().Sub(k.WrittenAt) >= DefaultHealAge:
		return KeyAbandoned, nil
	}
	return KeyWriting, nil
}

func (k KeyRecord) storeKey() kv.Key { return keyRecordKey(k.UserID, k.Key) }

// item is the stored form of the record, one version past the one it
// was read at.
func (k KeyRecord) item() (kv.Item, error) {
	header, err := json.Marshal(keyData{Hash: k.RequestHash, OrderID: k.OrderID, Status: k.Answer.Status,
		At: k.WrittenAt})
	data := append(append(header, '\n'), k.Answer.Body...)
	sk := k.storeKey()
	return kv.Item{PK: sk.PK, SK: sk.SK, Version: k.version + 1, ExpiresAt: k.ExpiresAt, Data: data}, err
}
