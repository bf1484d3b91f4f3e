/** Test fixtures that need only the JDK and flow-api, shared by every module's tests through flow-api's test jar. */
package dev.jflow.api.testing;
