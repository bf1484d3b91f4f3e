package dev.jflow.cli.export;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Service names as DNS labels (RFC 1123, as Compose, Swarm and Kubernetes want them): lower case
 * letters, digits and '-', at most 63 characters, starting with a letter. Remembers which name each
 * label came from, so that two names becoming one label is an error naming both.
 */
final class DnsNames {
  static final int MAX = 63;

  private final Map<String, String> taken = new LinkedHashMap<>();

  /** {@code name} as a DNS label: other characters become '-', runs of them one; "pod-" goes before a leading digit. */
  static String label(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (ok) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    String s = b.toString();
    if (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      s = s.isEmpty() ? "pod" : "pod-" + s;
    }
    return truncate(s, MAX);
  }

  /** {@code label} cut to at most {@code max} characters, without a trailing '-'. */
  static String truncate(String label, int max) {
    String s = label.length() > max ? label.substring(0, max) : label;
    while (s.endsWith("-")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Whether {@code s} is a DNS label already. */
  static boolean isLabel(String s) {
    return s.length() <= MAX && s.matches("[a-z]([a-z0-9-]*[a-z0-9])?");
  }

  /**
   * Claims {@code label} for {@code owner} (e.g. "pod 'encoder'").
   *
   * @throws FlowException INVALID_ARGUMENT naming both owners when another owner has it
   */
  String claim(String label, String owner) {
    String before = taken.putIfAbsent(label, owner);
    if (before != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, before + " and " + owner + " both become the service name '"
          + label + "' (service names are DNS labels: lower case letters, digits and '-', at most 63); rename one");
    }
    return label;
  }
}
