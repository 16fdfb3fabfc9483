/**
 * YAML input with a file, line and column for every value: the reader behind the Kubernetes
 * resource loader and the scenario loader. Documents are parsed with Jackson's YAML streaming
 * parser into a Jackson tree plus a location index, and bound by hand through {@link
 * dev.egret.topology.yaml.YamlValue} cursors so that every problem in a file is reported at once,
 * each as {@code file:line:column: field: message} (SPEC §6).
 */
package dev.egret.topology.yaml;
