package dev.egret.gui.model;

/**
 * One conntrack entry ({@code cilium_ct4_global} or {@code cilium_ct_any4_global}) in the order of
 * {@code cilium-dbg bpf ct list global}: the original direction's source and destination, the
 * seconds until it expires, its counters and flags.
 *
 * @param flags the set flags by name, e.g. {@code SeenNonSyn TxClosing}
 */
public record CtRow(
    String proto,
    String direction,
    String from,
    String to,
    long expiresIn,
    long packets,
    long bytes,
    String flags,
    int sourceSecurityId) {}
