// Package deploy holds no code of the order center: its tests keep the
// OpenFaaS stack (stack.yml) consistent with the repository — every
// function folder declared and built from the project's template, secrets,
// environment and annotations that the functions and connectors expect, no
// function depending on a package its build context lacks, and the
// packages' layering (layering_test.go: functions reach storage only
// through the repository, domain packages never depend on the wiring).
package deploy
