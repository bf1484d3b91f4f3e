/**
 * Pods that run as Docker containers: {@code uses: docker://IMAGE[:TAG]} is started through the Docker
 * Engine API (docker-java), one container per replica.
 */
module dev.jflow.engine.docker {
  requires dev.jflow.api;
  requires com.github.dockerjava.api;
  requires com.github.dockerjava.core;
  requires com.github.dockerjava.transport; // DockerHttpClient, which the zerodep client implements
  requires com.github.dockerjava.transport.zerodep;
  requires org.slf4j;
  requires org.apache.commons.compress; // the build context's tar, with the files' modes

  exports dev.jflow.engine.docker;

  provides dev.jflow.api.spi.ContainerEngine with dev.jflow.engine.docker.DockerEngine;
}
