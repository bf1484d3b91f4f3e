/** What executor and transport authors implement: {@link dev.jflow.api.spi.Executor} and {@link dev.jflow.api.spi.TransportProvider}. */
package dev.jflow.api.spi;
