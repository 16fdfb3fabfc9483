package dev.egret.topology.identity;

import dev.egret.topology.model.Labels;

/** A security identity: its numeric ID and the identity labels it stands for. */
public record Identity(int id, Labels labels) {}
