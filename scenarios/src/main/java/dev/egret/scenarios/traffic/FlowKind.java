package dev.egret.scenarios.traffic;

/** What a client connection or flow is, by the SPEC §3 action that opens it. */
public enum FlowKind {
  /** One HTTP request and response over TCP ({@code http}). */
  HTTP,
  /** A TCP connection sending bytes and held open ({@code tcp}, and {@code load} over TCP). */
  TCP,
  /** UDP datagrams to a port ({@code udp}, and {@code load} over UDP). */
  UDP,
  /** ICMP echo requests ({@code ping}, and {@code load} over ICMP). */
  PING
}
