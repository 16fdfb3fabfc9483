package dev.egret.datapath.monitor;

/**
 * Trace reasons ({@code enum trace_reason}, bpf/lib/trace.h): the datapath value is the CT status
 * for most traces. Hubble's {@code TraceReason} enum shifts the values below UNKNOWN by one (NEW=1
 * .. RELATED=4), shows datapath UNKNOWN (5) as TRACE_REASON_UNKNOWN (0), and keeps 6 and up.
 */
public final class TraceReason {
  /** {@code TRACE_REASON_POLICY}: CT_NEW. */
  public static final int NEW = 0;

  /** {@code TRACE_REASON_CT_ESTABLISHED}. */
  public static final int ESTABLISHED = 1;

  /** {@code TRACE_REASON_CT_REPLY}. */
  public static final int REPLY = 2;

  /** {@code TRACE_REASON_CT_RELATED}. */
  public static final int RELATED = 3;

  /** {@code TRACE_REASON_CT_REOPENED} (deprecated). */
  public static final int REOPENED = 4;

  /** {@code TRACE_REASON_UNKNOWN}. */
  public static final int UNKNOWN = 5;

  public static final int SRV6_ENCAP = 6;
  public static final int SRV6_DECAP = 7;
  public static final int ENCRYPT_OVERLAY = 8;

  /** {@code TRACE_REASON_ENCRYPTED}: a flag bit. */
  public static final int ENCRYPTED = 0x80;

  private TraceReason() {}

  /** Hubble's enum name for a datapath reason (the encrypted bit ignored). */
  public static String hubbleName(int reason) {
    switch (reason & ~ENCRYPTED) {
      case NEW:
        return "NEW";
      case ESTABLISHED:
        return "ESTABLISHED";
      case REPLY:
        return "REPLY";
      case RELATED:
        return "RELATED";
      case REOPENED:
        return "REOPENED";
      case SRV6_ENCAP:
        return "SRV6_ENCAP";
      case SRV6_DECAP:
        return "SRV6_DECAP";
      case ENCRYPT_OVERLAY:
        return "ENCRYPT_OVERLAY";
      default:
        return "TRACE_REASON_UNKNOWN";
    }
  }

  /** Hubble's enum number for a datapath reason. */
  public static int hubbleNumber(int reason) {
    int r = reason & ~ENCRYPTED;
    if (r < UNKNOWN) {
      return r + 1;
    }
    return r == UNKNOWN ? 0 : r;
  }

  /** Hubble's {@code is_reply}: null (absent) when the reason is not a CT status. */
  public static Boolean isReply(int reason) {
    int r = reason & ~ENCRYPTED;
    if (r > RELATED) {
      return null;
    }
    return r == REPLY;
  }
}
