/** TLS key and trust material read from files and reloaded when they change. Internal: may change at any time. */
package dev.jflow.api.internal.tls;
