package dev.jflow.neural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints SentenceEncoder's numbers on this machine (not a test: no timing is asserted): the model's load
 * time, and milliseconds per sentence one at a time against batches of 32, for 1 and 2 threads. Run it
 * with the module's test class path: {@code java -cp ... dev.jflow.neural.EncoderTimings [rounds]}.
 */
public final class EncoderTimings {
  private EncoderTimings() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> texts = new ArrayList<>();
    String[] tails = {"", " today", " and nobody seemed to notice it at all", ", as the report said"};
    for (int r = 0; r < 32; r++) {
      texts.add(SentenceEncoderTest.SENTENCES.get(r % 10) + tails[r % tails.length]);
    }
    long start = System.nanoTime();
    SentenceEncoder first = Encoders.open();
    System.out.printf(Locale.ROOT, "model load: %.0f ms (open, first in this JVM: native library, model, tokenizer)%n",
        (System.nanoTime() - start) / 1e6);
    for (int threads : new int[] {1, 2}) {
      SentenceEncoder single = Encoders.open("threads", threads, "batch_size", 1);
      SentenceEncoder batched = Encoders.open("threads", threads, "batch_size", 32);
      if (threads > 1) {
        System.out.printf(Locale.ROOT, "threads %d: another session, loaded in %d ms (the native library already loaded)%n", threads,
            single.model().loadMillis);
      }
      single.encode(texts);
      batched.encode(texts);
      double[] one = new double[rounds];
      double[] batch = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        for (String text : texts) {
          single.encode(List.of(text));
        }
        one[r] = (System.nanoTime() - t) / 1e6 / texts.size();
        t = System.nanoTime();
        batched.encode(texts);
        batch[r] = (System.nanoTime() - t) / 1e6 / texts.size();
      }
      System.out.printf(Locale.ROOT, "threads %d: one at a time %.2f ms/sentence, batches of 32 %.2f ms/sentence (medians of %d rounds "
          + "of %d sentences, %d-%d tokens)%n", threads, median(one), median(batch), rounds, texts.size(),
          texts.stream().mapToInt(s -> single.model().tokenizer.encode(s, 256).length).min().orElse(0),
          texts.stream().mapToInt(s -> single.model().tokenizer.encode(s, 256).length).max().orElse(0));
      single.close();
      batched.close();
    }
    first.close();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
