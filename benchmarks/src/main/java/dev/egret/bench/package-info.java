/** JMH benchmarks; each compares egret with a peer library in the same run. */
package dev.egret.bench;
