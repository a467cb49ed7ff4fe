// Package metrics is the one place that defines the order center's
// business and operations figures (docs/metrics.md is their table): the
// orders created, paid, cancelled (by reason) and completed, payment
// anomalies, refunds by outcome and attempt, timers fired, events
// published and healed, consumer lag and dead letters, breaker state per
// dependency, and the Redis backstop's rebuilds from the store.
//
// A [Recorder] is made over the process's meter provider (app.Deps gives
// its own) and handed to the parts that see each fact become true:
//
//   - the order repository tells it of every change committed on a
//     master record ([Recorder.Committed], an orderstore.Observer), so an
//     order is counted once however often its request is replayed: a
//     replay commits nothing;
//   - [Recorder.Publisher] counts the events JetStream acknowledged;
//   - the sweeper counts the changes its healing pass finished, and the
//     reservations count what they rebuilt in Redis from the store;
//   - [Recorder.ObserveJetStream] and [Recorder.ObserveBreakers] read the
//     consumers' lag, the dead letters and the breakers' states when the
//     metrics are collected.
//
// A nil *Recorder records nothing, for the tests and tools that need no
// figures.
package metrics
