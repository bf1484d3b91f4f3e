/** Helpers of the API module. Internal: may change at any time, do not use from outside JFlow. */
package dev.jflow.api.internal;
