package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Who called a gateway, as its {@link Authenticator} found: a name for logs and messages, and roles. Immutable. */
public final class Caller {
  private static final Caller ANONYMOUS = new Caller("anonymous", Set.of(Role.DATA), true);

  private final String name;
  private final Set<Role> roles;
  private final boolean rateLimited;

  private Caller(String name, Set<Role> roles, boolean rateLimited) {
    this.name = name;
    this.roles = roles;
    this.rateLimited = rateLimited;
  }

  /**
   * A caller named {@code name} (never a secret: it appears in messages and logs) with {@code roles}.
   *
   * @throws FlowException INVALID_ARGUMENT when the name is null or blank
   */
  public static Caller of(String name, Role... roles) {
    if (name == null || name.isBlank()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "a caller needs a name");
    }
    EnumSet<Role> set = EnumSet.noneOf(Role.class);
    for (Role r : roles) {
      set.add(Objects.requireNonNull(r, "role"));
    }
    return new Caller(name, Set.copyOf(set), true);
  }

  /** The caller who sent no credentials to a gateway that lets such callers send data: DATA only. */
  public static Caller anonymous() {
    return ANONYMOUS;
  }

  /**
   * This caller exempt from {@link dev.jflow.api.GatewayConfig#maxRequestsPerSecond()}: for the Flow's own
   * client, whose requests are the Flow's work rather than a client's. The anonymous caller is always limited.
   */
  public Caller unlimited() {
    return isAnonymous() ? this : new Caller(name, roles, false);
  }

  /** Whether the gateway's per-caller rate limit applies to this caller; true unless {@link #unlimited()}. */
  public boolean isRateLimited() {
    return rateLimited;
  }

  /** Whether this is {@link #anonymous()}. */
  public boolean isAnonymous() {
    return this == ANONYMOUS;
  }

  /** The caller's name, e.g. {@code admin-token:1a2b3c4d}. */
  public String name() {
    return name;
  }

  /** The roles as granted (immutable). */
  public Set<Role> roles() {
    return roles;
  }

  /** Whether the caller has {@code role}; {@link Role#ADMIN} includes {@link Role#DATA}. */
  public boolean has(Role role) {
    return roles.contains(role) || (role == Role.DATA && roles.contains(Role.ADMIN));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Caller && ((Caller) o).name.equals(name) && ((Caller) o).roles.equals(roles)
        && ((Caller) o).rateLimited == rateLimited;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, roles, rateLimited);
  }

  @Override
  public String toString() {
    return name + roles;
  }
}
