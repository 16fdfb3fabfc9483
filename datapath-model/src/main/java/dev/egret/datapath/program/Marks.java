package dev.egret.datapath.program;

import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.packet.Skb;

/**
 * {@code skb->mark} conventions of bpf/lib/common.h and overloadable_skb.h (v1.16): a magic in bits
 * 8–11 ({@link #MARK_MAGIC_HOST_MASK}) and, for some magics, a 24-bit identity in bits 16–31 and
 * 0–7.
 */
public final class Marks {
  public static final int MARK_MAGIC_HOST_MASK = 0x0F00;
  public static final int MARK_MAGIC_TO_PROXY = 0x0200;
  public static final int MARK_MAGIC_SNAT_DONE = 0x0300;
  public static final int MARK_MAGIC_OVERLAY = 0x0400;
  public static final int MARK_MAGIC_EGW_DONE = 0x0500;
  public static final int MARK_MAGIC_PROXY_TO_WORLD = 0x0800;
  public static final int MARK_MAGIC_PROXY_EGRESS_EPID = 0x0900;
  public static final int MARK_MAGIC_PROXY_INGRESS = 0x0A00;
  public static final int MARK_MAGIC_PROXY_EGRESS = 0x0B00;
  public static final int MARK_MAGIC_HOST = 0x0C00;
  public static final int MARK_MAGIC_DECRYPT = 0x0D00;
  public static final int MARK_MAGIC_ENCRYPT = 0x0E00;
  public static final int MARK_MAGIC_IDENTITY = 0x0F00;

  private Marks() {}

  public static int magic(int mark) {
    return mark & MARK_MAGIC_HOST_MASK;
  }

  /** {@code set_identity_mark}: magic plus identity (low 16 bits high, bits 16–23 low). */
  public static int identityMark(int identity, int magic) {
    return magic | ((identity & 0xFFFF) << 16) | ((identity & 0xFF0000) >>> 16);
  }

  /** {@code get_identity}: the identity carried in a mark. */
  public static int identity(int mark) {
    return ((mark & 0xFF) << 16) | (mark >>> 16);
  }

  /** {@code ctx_egw_done}: the packet already went through the gateway's from-overlay step. */
  public static boolean egwDone(Skb skb) {
    return magic(skb.mark()) == MARK_MAGIC_EGW_DONE;
  }

  /** {@code ctx_egw_done_set}. */
  public static void setEgwDone(Skb skb) {
    skb.setMark((skb.mark() & ~MARK_MAGIC_HOST_MASK) | MARK_MAGIC_EGW_DONE);
  }

  /** {@code ctx_snat_done}. */
  public static boolean snatDone(Skb skb) {
    return magic(skb.mark()) == MARK_MAGIC_SNAT_DONE;
  }

  /** {@code ctx_snat_done_set}. */
  public static void setSnatDone(Skb skb) {
    skb.setMark((skb.mark() & ~MARK_MAGIC_HOST_MASK) | MARK_MAGIC_SNAT_DONE);
  }

  /** Whether the packet carries the overlay mark (it was encapsulated by this node). */
  public static boolean overlay(Skb skb) {
    return magic(skb.mark()) == MARK_MAGIC_OVERLAY;
  }

  /**
   * {@code inherit_identity_from_host} (bpf_host.c): the source identity a packet leaving the host
   * carries in its mark; WORLD_ID when the mark says nothing.
   */
  public static int inheritIdentityFromHost(int mark) {
    switch (magic(mark)) {
      case MARK_MAGIC_PROXY_INGRESS:
      case MARK_MAGIC_PROXY_EGRESS:
      case MARK_MAGIC_IDENTITY:
        return identity(mark);
      case MARK_MAGIC_HOST:
        return Identities.HOST_ID;
      default:
        return Identities.WORLD_ID;
    }
  }
}
