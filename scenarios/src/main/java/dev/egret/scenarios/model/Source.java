package dev.egret.scenarios.model;

import dev.egret.topology.model.LabelSelector;

/** Where traffic comes from: one pod, or every pod a selector matches in a namespace. */
public sealed interface Source permits Source.PodRef, Source.Selector {

  /** {@code namespace/pod}. */
  record PodRef(String namespace, String name) implements Source {
    public String key() {
      return namespace + "/" + name;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  /**
   * {@code {namespace, selector: "app=x,tier in (a,b)"}}.
   *
   * @param text the selector as written
   */
  record Selector(String namespace, LabelSelector selector, String text) implements Source {
    @Override
    public String toString() {
      return namespace + "/{" + text + "}";
    }
  }
}
