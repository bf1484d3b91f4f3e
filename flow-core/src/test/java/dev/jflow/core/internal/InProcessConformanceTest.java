package dev.jflow.core.internal;

import dev.jflow.core.testing.TransportConformanceSuite;

/** The transport contract, kept by the in-process transport. */
class InProcessConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "inprocess";
  }

  @Override
  protected boolean serializes() {
    return false;
  }
}
