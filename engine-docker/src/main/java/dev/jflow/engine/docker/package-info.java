/**
 * The Docker container engine: {@link dev.jflow.engine.docker.DockerEngine} starts a pod's replicas as
 * containers ({@code uses: docker://IMAGE[:TAG]}); {@link dev.jflow.engine.docker.DockerImages} builds
 * and removes images ({@code jflow image build}).
 */
package dev.jflow.engine.docker;
