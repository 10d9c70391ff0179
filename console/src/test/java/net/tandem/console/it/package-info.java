/**
 * The control plane in real network namespaces, with the agent's netns harness
 * ({@link net.tandem.agent.testlab.Lab}, from the agent's tests jar): real agents, and
 * {@code tandemctl} run as its own JVM inside a node's namespace (or the client's), from this
 * module's test classpath. They live here, not with the agent's netns tests, because the console
 * module depends on the agent: the agent's tests cannot see tandemctl.
 *
 * <ul>
 * <li>{@code ControlNetnsTest}: the seed dual-master; {@code status --json} matches the kernel;
 *     {@code takeover} moves a VIP within tens of milliseconds and holds; {@code release} hands over
 *     after Skew_Time; {@code maintenance} drains a node, keeps it drained without a master, and
 *     brings it back; refused commands exit 1 and change nothing;
 * <li>{@code ControlTlsNetnsTest}: a LAN listener without TLS is refused at start; from the client,
 *     only the admin token over TLS with a trusted CA is obeyed (exit 4 without or with the wrong
 *     token, 3 without trust).
 * </ul>
 *
 * Root is needed, as for the agent's netns tests; without it they are skipped.
 */
package net.tandem.console.it;
