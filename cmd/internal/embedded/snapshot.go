package embedded

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// The snapshot file is a gob stream: a header, then one entry per key.
const (
	snapshotFormat  = "ordercenter embedded redis snapshot"
	snapshotVersion = 1
	// databases is how many databases a snapshot covers (Redis' default).
	databases = 16
)

type snapshotHeader struct {
	Format  string
	Version int
	Taken   time.Time
	Keys    int
}

// entry is one key: Items are a hash's fields and values in turn, a set's
// or a list's members, a sorted set's members (their scores in Scores).
type entry struct {
	DB      int
	Key     string
	Type    string
	Expires time.Time
	Value   string
	Items   []string
	Scores  []float64
}

type snapshot struct {
	taken   time.Time
	entries []entry
	// skipped counts the keys of types a snapshot does not keep.
	skipped int
}

// capture reads every key of every database; the caller keeps the data
// still meanwhile.
func capture(m *miniredis.Miniredis, now time.Time) *snapshot {
	s := &snapshot{taken: now}
	for i := range databases {
		db := m.DB(i)
		for _, k := range db.Keys() {
			e, ok := captureKey(db, k)
			if !ok {
				s.skipped++
				continue
			}
			if ttl := db.TTL(k); ttl > 0 {
				e.Expires = now.Add(ttl)
			}
			e.DB = i
			s.entries = append(s.entries, e)
		}
	}
	return s
}

func captureKey(db *miniredis.RedisDB, k string) (entry, bool) {
	e := entry{Key: k, Type: db.Type(k)}
	switch e.Type {
	case "string":
		e.Value, _ = db.Get(k)
	case "hash":
		fields, _ := db.HKeys(k)
		for _, f := range fields {
			e.Items = append(e.Items, f, db.HGet(k, f))
		}
	case "set":
		e.Items, _ = db.Members(k)
	case "list":
		e.Items, _ = db.List(k)
	case "zset":
		scores, _ := db.SortedSet(k)
		for member, score := range scores {
			e.Items, e.Scores = append(e.Items, member), append(e.Scores, score)
		}
	default:
		return e, false
	}
	return e, true
}

// write replaces the file at path with the snapshot, atomically: a crash
// leaves the old file or the new one, whole.
func (s *snapshot) write(path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<16)
	enc := gob.NewEncoder(w)
	if err := enc.Encode(snapshotHeader{Format: snapshotFormat, Version: snapshotVersion,
		Taken: s.taken, Keys: len(s.entries)}); err != nil {
		return err
	}
	for i := range s.entries {
		if err := enc.Encode(&s.entries[i]); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// loadSnapshot restores the snapshot at path into m, leaving out the keys
// whose time to live ended before now; no file is no keys.
func loadSnapshot(m *miniredis.Miniredis, path string, now time.Time) (int, time.Time, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	h, err := readHeader(dec)
	if err != nil {
		return 0, time.Time{}, err
	}
	restored := 0
	for i := range h.Keys {
		var e entry
		if err := dec.Decode(&e); err != nil {
			return 0, time.Time{}, fmt.Errorf("key %d of %d: %w", i+1, h.Keys, err)
		}
		if !e.Expires.IsZero() && !e.Expires.After(now) {
			continue
		}
		if err := restore(m.DB(e.DB), e, now); err != nil {
			return 0, time.Time{}, fmt.Errorf("key %q: %w", e.Key, err)
		}
		restored++
	}
	return restored, h.Taken, nil
}

func readHeader(dec *gob.Decoder) (snapshotHeader, error) {
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return h, fmt.Errorf("header: %w", err)
	}
	if h.Format != snapshotFormat || h.Version != snapshotVersion {
		return h, fmt.Errorf("not a snapshot of version %d (%q version %d)", snapshotVersion, h.Format, h.Version)
	}
	return h, nil
}

func restore(db *miniredis.RedisDB, e entry, now time.Time) error {
	var err error
	switch e.Type {
	case "string":
		err = db.Set(e.Key, e.Value)
	case "hash":
		db.HSet(e.Key, e.Items...)
	case "set":
		_, err = db.SetAdd(e.Key, e.Items...)
	case "list":
		_, err = db.Push(e.Key, e.Items...)
	case "zset":
		if len(e.Scores) != len(e.Items) {
			return fmt.Errorf("%d members, %d scores", len(e.Items), len(e.Scores))
		}
		for i, member := range e.Items {
			if _, err = db.ZAdd(e.Key, e.Scores[i], member); err != nil {
				break
			}
		}
	default:
		err = fmt.Errorf("unknown type %q", e.Type)
	}
	if err == nil && !e.Expires.IsZero() {
		db.SetTTL(e.Key, e.Expires.Sub(now))
	}
	return err
}

// SnapshotTime is when the snapshot at path was taken: it holds every
// write the server answered before then.
func SnapshotTime(path string) (time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}, err
	}
	defer f.Close()
	h, err := readHeader(gob.NewDecoder(f))
	return h.Taken, err
}
