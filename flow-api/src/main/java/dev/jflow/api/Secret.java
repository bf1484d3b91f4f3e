package dev.jflow.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret such as a bearer token: set in code, or read from an environment variable or a file when
 * it is needed, so that it never has to appear on a command line or in a Flow YAML file. Its
 * {@link #toString()} and every error about it name where it comes from, never its value. Immutable.
 */
public final class Secret {
  private final String value;
  private final String variable;
  private final Path file;

  private Secret(String value, String variable, Path file) {
    this.value = value;
    this.variable = variable;
    this.file = file;
  }

  /**
   * A secret set in code.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code value} is null or blank
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "a secret set in code must not be empty");
    }
    return new Secret(value, null, null);
  }

  /**
   * A secret held by the environment variable {@code variable}, read each time it is needed.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code variable} is null or blank
   */
  public static Secret fromEnv(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the name of a secret's environment variable must not be empty");
    }
    return new Secret(null, variable, null);
  }

  /**
   * A secret held by {@code file} (UTF-8 text), read each time it is needed.
   *
   * @throws FlowException INVALID_ARGUMENT when {@code file} is null
   */
  public static Secret fromFile(Path file) {
    if (file == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "the file of a secret must not be null");
    }
    return new Secret(null, null, file);
  }

  /**
   * Reads the secret now: the value set in code, the variable's value, or the file's text, as is.
   *
   * @throws FlowException INVALID_ARGUMENT (NOT_FOUND for a missing file) saying where it looked
   */
  public String read() {
    if (value != null) {
      return value;
    }
    if (variable != null) {
      String v = System.getenv(variable);
      if (v == null || v.isBlank()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "the environment variable " + variable
            + " holds no secret: it is " + (v == null ? "not set" : "empty"));
      }
      return v;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FlowException(Status.Code.NOT_FOUND, "the secret file " + file.toAbsolutePath() + " does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "cannot read the secret file " + file.toAbsolutePath() + ": " + e, e);
    }
  }

  /** The environment variable holding the secret, if it comes from one. */
  public Optional<String> variable() {
    return Optional.ofNullable(variable);
  }

  /** The file holding the secret, if it comes from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Where the secret comes from, in words, for messages: never its value. */
  public String source() {
    return variable != null ? "environment variable " + variable : file != null ? "file " + file : "a value set in code";
  }

  /** Secrets are equal when they come from the same place (values set in code are compared in constant time). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Secret)) {
      return false;
    }
    Secret s = (Secret) o;
    boolean sameValue = value == null ? s.value == null : s.value != null
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    return sameValue && Objects.equals(variable, s.variable) && Objects.equals(file, s.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variable, file); // not the value: a hash would tell something about it
  }

  @Override
  public String toString() {
    return "Secret{" + source() + "}";
  }
}
