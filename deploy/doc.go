// Package deploy holds no code of the order center: its tests keep the
// OpenFaaS stack (stack.yml) consistent with the repository — every
// function folder declared and built from the project's template, secrets,
// environment and annotations that the functions and connectors expect, no
// function depending on a package its build context lacks, and the
// packages' layering (layering_test.go: functions reach storage only
// through the repository, domain packages never depend on the wiring).
//
// It also holds what deploys the order center beside the functions, and
// its tests hold those files to stack.yml (manifests_test.go,
// delivery_test.go, images_test.go): Dockerfile (the connector and
// ocadmin images), kubernetes/ (the connector's Deployment, its config
// and secrets, the setup Job, values for the NATS Helm chart) and
// faasd/docker-compose.yaml (the connector, NATS and Redis as faasd
// services).
package deploy
