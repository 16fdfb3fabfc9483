package dev.egret.topology.identity;

import dev.egret.topology.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocates cluster security identities from identity label sets.
 *
 * <p>Simplification: Cilium's CRD allocator picks a random free ID in 256..65535 and garbage
 * collects unused identities; here IDs are handed out from {@value
 * ReservedIdentity#MINIMAL_ALLOCATION_IDENTITY} upward in order of first appearance of a label set
 * and never released, so runs are reproducible and an ID never changes meaning. O(1) per lookup.
 */
public final class IdentityAllocator {
  private final Map<Labels, Identity> byLabels = new HashMap<>();
  private final List<Identity> byId = new ArrayList<>();

  /** The identity of {@code labels}, allocating the next ID on first sight. */
  public Identity allocate(Labels labels) {
    Identity id = byLabels.get(labels);
    if (id == null) {
      id = new Identity(ReservedIdentity.MINIMAL_ALLOCATION_IDENTITY + byId.size(), labels);
      byLabels.put(labels, id);
      byId.add(id);
    }
    return id;
  }

  /** The identity with this ID, or null ({@code LookupIdentityByID}). */
  public Identity lookup(int id) {
    int i = id - ReservedIdentity.MINIMAL_ALLOCATION_IDENTITY;
    return i >= 0 && i < byId.size() ? byId.get(i) : null;
  }

  /** Every identity allocated so far, in ID order. */
  public List<Identity> all() {
    return java.util.Collections.unmodifiableList(byId);
  }

  /** The number of identities allocated so far. */
  public int size() {
    return byId.size();
  }
}
