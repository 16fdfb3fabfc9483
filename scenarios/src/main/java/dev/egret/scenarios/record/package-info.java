/**
 * What a run records from the one event stream (DESIGN "One event stream feeds every output"):
 * monitor notifications copied with the context needed to render them (flows), plus the endpoint
 * metadata Hubble shows. Every output (result, Hubble flows, pcaps, explain, the GUI) reads these
 * records; none re-derives what happened.
 */
package dev.egret.scenarios.record;
