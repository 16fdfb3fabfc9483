package dev.egret.gui.model;

/** An external host of the scenario (a destination outside the cluster). */
public record ExternalState(String name, int ip) {}
