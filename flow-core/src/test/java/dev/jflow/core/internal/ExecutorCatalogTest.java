package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import org.junit.jupiter.api.Test;

/** Short names of standard executors whose module is absent (flow-core's tests have neither executor module). */
class ExecutorCatalogTest {
  private static String refused(String uses) {
    FlowException e = assertThrows(FlowException.class, () -> Flow.builder().add("enc", uses).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    return e.getMessage();
  }

  @Test
  void aSentenceEncoderWithoutItsModuleNamesTheModuleToAdd() {
    String message = refused("SentenceEncoder");
    assertTrue(message.contains("pod 'enc' uses 'SentenceEncoder', which is neither a built-in executor [_concat, _merge, "
        + "_merge_chunks, _merge_matches, _merge_matches_topk, _pass], a standard executor of dev.jflow.executors or "
        + "dev.jflow.neural nor a class on the class path; SentenceEncoder is in the flow-executors-neural module: add "
        + "dev.jflow:flow-executors-neural to the class path (or module path)"), message);
  }

  @Test
  void anUnknownShortNameKeepsTheGeneralMessage() {
    String message = refused("NoSuchEncoder");
    assertTrue(message.contains("'NoSuchEncoder', which is neither a built-in executor"), message);
    assertTrue(message.endsWith("nor a class on the class path"), message);
    assertFalse(message.contains("module"), message);
  }
}
