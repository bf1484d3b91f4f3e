/**
 * Integration tests: JFlow pods and gateways in containers built FROM scratch, and the faults they
 * survive; an exported Flow on docker-compose and on Swarm; a real Prometheus scraping a Flow, and one
 * trace across two JVMs.
 */
package dev.jflow.it;
