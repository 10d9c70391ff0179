/**
 * The fault harness ({@code bin/chaos}, {@code bin/soak}, issue 13): the same faults against Tandem and keepalived on
 * a netns LAN, measured from the kernel's addresses polled every 10 ms. {@link net.tandem.agent.chaos.ChaosLab} runs
 * one scenario against one implementation; {@link net.tandem.agent.chaos.ChaosRun} is the command line;
 * {@code ChaosNetnsTest} runs a subset with assertions in bin/test. Results: docs/reliability.md.
 */
package net.tandem.agent.chaos;
