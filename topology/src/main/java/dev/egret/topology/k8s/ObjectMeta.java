package dev.egret.topology.k8s;

import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Location;

/**
 * The {@code metadata} egret uses: name, namespace (null for cluster-scoped kinds), UID (null when
 * not given), labels, and where the object starts in its file (for messages).
 */
public record ObjectMeta(
    String name, String namespace, String uid, Labels labels, Location location) {}
