/**
 * Test fixtures that need only the JDK and flow-api (and BouncyCastle for {@link dev.jflow.api.testing.TestCertificates}),
 * shared by every module's tests through flow-api's test jar.
 */
package dev.jflow.api.testing;
