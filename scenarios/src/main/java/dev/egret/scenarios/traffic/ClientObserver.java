package dev.egret.scenarios.traffic;

/**
 * Told by a client activity how each of its connections or flows goes. Every callback receives the
 * flow's {@link FlowReport}, a live object the observer may keep and read (it is complete at {@link
 * #finished}). All callbacks run synchronously inside simulation events, at {@code report}'s
 * recorded times.
 *
 * <p>Order per flow: {@code started} (unless the flow could not even start, see below), then at
 * most one {@code handshakeCompleted} (TCP only), at most one {@code firstAnswer}, and exactly one
 * {@code finished}. A flow that cannot start (no free ephemeral port, a datagram too long) gets
 * only {@code finished}.
 */
public interface ClientObserver {
  /** Ignores everything. */
  ClientObserver NONE = new ClientObserver() {};

  /**
   * The first frame of the flow (SYN, first datagram, first echo request) is about to be handed to
   * the fabric, at this same instant; {@link FlowReport#startedAt()} and the local port or echo id
   * are set. (Called just before the transmit, so an observer can register the id before any
   * datapath trace of the frame.)
   */
  default void started(FlowReport report) {}

  /** TCP: the SYN-ACK arrived and the connection is established. */
  default void handshakeCompleted(FlowReport report) {}

  /**
   * The first answer arrived: HTTP the first response byte; TCP the SYN-ACK (the sink answers no
   * data); UDP the first echo; ping the first reply.
   */
  default void firstAnswer(FlowReport report) {}

  /** The flow is over for the client application; {@link FlowReport#outcome()} is set. */
  default void finished(FlowReport report) {}
}
