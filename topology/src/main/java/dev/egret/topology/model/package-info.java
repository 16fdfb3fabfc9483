/** The cluster model: labels and selectors, nodes with interfaces and routes, namespaces, pods. */
package dev.egret.topology.model;
