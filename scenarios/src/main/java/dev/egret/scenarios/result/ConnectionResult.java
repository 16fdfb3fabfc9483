package dev.egret.scenarios.result;

/**
 * One connection (or UDP flow, or ping) of a traffic action.
 *
 * @param podIP the pod's IP when the connection was opened
 * @param node the node the pod ran on
 * @param seenSource the source IP the destination saw, null if it saw nothing
 * @param seenSourcePort the source port it saw, null if it saw nothing (ICMP: the echo id)
 * @param gateway the node whose native device put the first packet on the wire toward the
 *     destination (the egress gateway, or the pod's own node without a policy), null if none did
 * @param verdict FORWARDED (the first packet reached the destination), DROPPED (a datapath drop
 *     stopped it) or LOST (it vanished without a drop)
 * @param dropReason the Hubble drop reason when DROPPED, else null
 * @param replyReceived whether the pod got the answer back
 * @param rttMicros time from the first packet to the first answer, microseconds; null without one
 */
public record ConnectionResult(
    String pod,
    String podIP,
    String node,
    String seenSource,
    Integer seenSourcePort,
    String gateway,
    String verdict,
    String dropReason,
    boolean replyReceived,
    Long rttMicros) {

  public static final String FORWARDED = "FORWARDED";
  public static final String DROPPED = "DROPPED";
  public static final String LOST = "LOST";
}
