package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.internal.TokenSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link Authenticator}: bearer tokens in two sets, data tokens ({@link Role#DATA}) and
 * admin tokens ({@link Role#ADMIN}, which may send data too). Each set is a {@link Secret} holding one
 * token a line (or several separated by commas), read from a file or an environment variable when
 * {@link Builder#build()} runs, never from a command line. Only the tokens' digests are kept, and a
 * presented token is compared with every one of them in constant time. A call without a token is
 * refused with UNAUTHENTICATED, except when no data tokens are configured: then data stays open to
 * {@link Caller#anonymous()} and only control needs a token. Immutable and thread-safe.
 */
public final class BearerTokens implements Authenticator {
  private final Secret dataSource;
  private final Secret adminSource;
  private final TokenSet data;
  private final TokenSet admin;

  private BearerTokens(Secret dataSource, Secret adminSource, TokenSet data, TokenSet admin) {
    this.dataSource = dataSource;
    this.adminSource = adminSource;
    this.data = data;
    this.admin = admin;
  }

  /** A builder with no tokens; at least one set is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the data tokens come from, if configured. */
  public Optional<Secret> dataTokens() {
    return Optional.ofNullable(dataSource);
  }

  /** Where the admin tokens come from, if configured. */
  public Optional<Secret> adminTokens() {
    return Optional.ofNullable(adminSource);
  }

  @Override
  public Caller authenticate(Credentials credentials) {
    Optional<String> token = credentials.bearerToken();
    if (token.isEmpty()) {
      if (data == null) {
        return Caller.anonymous();
      }
      throw new FlowException(Status.Code.UNAUTHENTICATED, "this gateway needs a bearer token and the call sent none: "
          + Access.HOW_TO_SEND);
    }
    String t = token.get();
    // both sets are always checked, so the time taken does not tell which one holds the token
    boolean isAdmin = admin != null && admin.contains(t);
    boolean isData = data != null && data.contains(t);
    if (isAdmin) {
      return Caller.of("admin-token:" + TokenSet.fingerprint(t), Role.ADMIN, Role.DATA);
    }
    if (isData) {
      return Caller.of("data-token:" + TokenSet.fingerprint(t), Role.DATA);
    }
    throw new FlowException(Status.Code.UNAUTHENTICATED, "the bearer token sent is not valid for this gateway: "
        + "send one of its data or admin tokens");
  }

  /** Token sets are equal when they come from the same places. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BearerTokens && Objects.equals(((BearerTokens) o).dataSource, dataSource)
        && Objects.equals(((BearerTokens) o).adminSource, adminSource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dataSource, adminSource);
  }

  @Override
  public String toString() {
    return "BearerTokens{data=" + describe(dataSource, data) + ", admin=" + describe(adminSource, admin) + "}";
  }

  private static String describe(Secret source, TokenSet set) {
    return source == null ? "none" : set.size() + " from " + source.source();
  }

  /** Builds {@link BearerTokens}; {@link #build()} reads the tokens and reports every problem at once. */
  public static final class Builder {
    private Secret data;
    private Secret admin;

    private Builder() {}

    /** Where the data tokens come from; default none, which leaves data open to callers without a token. */
    public Builder dataTokens(Secret tokens) {
      this.data = tokens;
      return this;
    }

    /** Where the admin tokens come from; default none, so nobody may control the Flow over the network. */
    public Builder adminTokens(Secret tokens) {
      this.admin = tokens;
      return this;
    }

    /**
     * Reads the tokens now.
     *
     * @throws FlowException INVALID_ARGUMENT naming every set that is missing, unreadable or holds an
     *     invalid token (by position, never by value), or when neither set is configured
     */
    public BearerTokens build() {
      List<String> problems = new ArrayList<>();
      if (data == null && admin == null) {
        problems.add("BearerTokens needs data tokens, admin tokens or both");
      }
      TokenSet d = read(data, problems);
      TokenSet a = read(admin, problems);
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, String.join("; ", problems));
      }
      return new BearerTokens(data, admin, d, a);
    }

    private static TokenSet read(Secret source, List<String> problems) {
      if (source == null) {
        return null;
      }
      try {
        return TokenSet.parse(source.read(), source.source());
      } catch (FlowException e) {
        problems.add(e.status().description());
        return null;
      }
    }
  }
}
