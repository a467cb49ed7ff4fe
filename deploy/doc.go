// Package deploy holds no code of the order center: its tests keep the
// OpenFaaS stack (stack.yml) consistent with the repository — every
// function folder declared and built from the project's template, secrets,
// environment and annotations that the functions and connectors expect, and
// no function depending on a package its build context lacks.
package deploy
