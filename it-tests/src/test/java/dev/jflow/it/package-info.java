/** Integration tests: JFlow pods and gateways in containers built FROM scratch, and the faults they survive. */
package dev.jflow.it;
