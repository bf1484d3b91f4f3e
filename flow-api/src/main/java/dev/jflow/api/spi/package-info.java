/** What executor, transport and security authors implement: {@link dev.jflow.api.spi.Executor}, {@link dev.jflow.api.spi.TransportProvider} and {@link dev.jflow.api.spi.Authenticator}. */
package dev.jflow.api.spi;
