package net.tandem.agent.config;

import java.util.Optional;

/** {@code user USER [GROUP]}: whom a script runs as; without a group, the user's own group (as keepalived). */
public record ScriptUser(String user, Optional<String> group) {}
