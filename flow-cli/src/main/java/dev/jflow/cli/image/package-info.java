/**
 * {@code jflow image build}: a container image of the running jflow, FROM scratch (a jlink runtime, the
 * host libraries it links to, jflow's jars and the user's executor jars), built through the Docker Engine API.
 */
package dev.jflow.cli.image;
