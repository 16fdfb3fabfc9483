package dev.egret.scenarios.explain;

import java.util.List;

/**
 * The explanation of one probe and its reply.
 *
 * @param podIp the pod's address at the probe's time
 * @param node the pod's node
 * @param steps what happened, in order
 * @param verdict FORWARDED, DROPPED or LOST (as in result.json)
 * @param seenSource what the destination saw ({@code ip:port}), or null
 * @param gateway the node that put the packet on the wire toward the destination, or null
 * @param replied whether the reply reached the pod
 * @param notes remarks on how the probe was run
 */
public record Explanation(
    ExplainRequest request,
    String podIp,
    String node,
    List<Step> steps,
    String verdict,
    String dropReason,
    String seenSource,
    String gateway,
    boolean replied,
    List<String> notes) {}
