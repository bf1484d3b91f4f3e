/**
 * Helpers shared by the JFlow modules. Internal: may change at any time, do not use from outside JFlow.
 * Module {@code dev.jflow.api} exports it only to the JFlow modules its module-info names.
 */
package dev.jflow.api.internal;
