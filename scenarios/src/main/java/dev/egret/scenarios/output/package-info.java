/**
 * The outputs of {@code egret run} (SPEC §5): the result document ({@link
 * dev.egret.scenarios.output.ResultJson}), Hubble flows ({@link
 * dev.egret.scenarios.output.HubbleFlowEncoder}, {@link
 * dev.egret.scenarios.output.FlowsJsonlWriter}), the human report ({@link
 * dev.egret.scenarios.output.HumanReport}), pcaps per captured interface ({@link
 * dev.egret.scenarios.output.PcapCaptures}), the atomic output directory ({@link
 * dev.egret.scenarios.output.OutputDirectory}) and the stderr progress bar ({@link
 * dev.egret.scenarios.output.Progress}), all of the files behind {@link
 * dev.egret.scenarios.output.RunOutputs}. Flow helpers shared by the CLI and the GUI: {@link
 * dev.egret.scenarios.output.FlowFilter}, {@link dev.egret.scenarios.output.DropCounter} and {@link
 * dev.egret.scenarios.output.HubbleCompactPrinter}.
 *
 * <p>Everything that goes into {@code result.json} or {@code flows.jsonl} is a function of the
 * simulated facts only: no wall clock and no unseeded randomness.
 */
package dev.egret.scenarios.output;
