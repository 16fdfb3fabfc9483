package dev.egret.topology.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.topology.controlplane.egressgateway.EndpointSelector;
import dev.egret.topology.identity.LabelFilter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selector semantics against the Kubernetes rules (apimachinery labels.Requirement). */
class LabelSelectorTest {
  private static final Labels WEB = Labels.of("app", "web", "tier", "front");

  private static LabelSelector expr(String key, Operator op, String... values) {
    return new LabelSelector(Map.of(), List.of(new Requirement(key, op, List.of(values))));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "In matches a listed value", expr("app", Operator.In, "web", "api"), WEB, true),
        Arguments.of("In needs the key", expr("zone", Operator.In, "a"), WEB, false),
        Arguments.of("In with another value", expr("app", Operator.In, "api"), WEB, false),
        Arguments.of("NotIn with an unlisted value", expr("app", Operator.NotIn, "api"), WEB, true),
        Arguments.of("NotIn with a listed value", expr("app", Operator.NotIn, "web"), WEB, false),
        Arguments.of("NotIn matches an absent key", expr("zone", Operator.NotIn, "a"), WEB, true),
        Arguments.of("Exists with the key", expr("tier", Operator.Exists), WEB, true),
        Arguments.of("Exists without the key", expr("zone", Operator.Exists), WEB, false),
        Arguments.of(
            "DoesNotExist without the key", expr("zone", Operator.DoesNotExist), WEB, true),
        Arguments.of("DoesNotExist with the key", expr("app", Operator.DoesNotExist), WEB, false),
        Arguments.of(
            "matchLabels all present",
            LabelSelector.matching("app", "web", "tier", "front"),
            WEB,
            true),
        Arguments.of(
            "matchLabels are ANDed",
            LabelSelector.matching("app", "web", "tier", "back"),
            WEB,
            false),
        Arguments.of(
            "matchLabels AND matchExpressions",
            new LabelSelector(
                Map.of("app", "web"),
                List.of(new Requirement("tier", Operator.NotIn, List.of("front")))),
            WEB,
            false),
        Arguments.of("the empty selector matches all", LabelSelector.ALL, WEB, true),
        Arguments.of("the empty selector matches no labels", LabelSelector.ALL, Labels.EMPTY, true),
        Arguments.of(
            "a value is case-sensitive", LabelSelector.matching("app", "Web"), WEB, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kubernetesSemantics(String name, LabelSelector s, Labels labels, boolean expected) {
    assertEquals(expected, s.matches(labels));
  }

  private static final Labels PROD_WEB =
      Labels.of(
          "app",
          "web",
          LabelFilter.POD_NAMESPACE_LABEL,
          "shop",
          LabelFilter.NAMESPACE_LABELS_PREFIX + "env",
          "prod",
          LabelFilter.NAMESPACE_LABELS_PREFIX + "kubernetes.io/metadata.name",
          "shop");

  static Stream<Arguments> egressSelectors() {
    return Stream.of(
        Arguments.of(
            "namespaceSelector keys are prefixed",
            LabelSelector.matching("env", "prod"),
            null,
            true),
        Arguments.of(
            "namespaceSelector value mismatch", LabelSelector.matching("env", "dev"), null, false),
        Arguments.of(
            "namespaceSelector AND podSelector",
            LabelSelector.matching("env", "prod"),
            LabelSelector.matching("app", "web"),
            true),
        Arguments.of(
            "namespaceSelector AND a failing podSelector",
            LabelSelector.matching("env", "prod"),
            LabelSelector.matching("app", "api"),
            false),
        Arguments.of(
            "an empty namespaceSelector selects all namespaces", LabelSelector.ALL, null, true),
        Arguments.of(
            "the namespace name label through the prefix",
            LabelSelector.matching("kubernetes.io/metadata.name", "shop"),
            null,
            true),
        Arguments.of(
            "podSelector on the namespace label Cilium adds",
            null,
            LabelSelector.matching(LabelFilter.POD_NAMESPACE_LABEL, "shop"),
            true),
        Arguments.of("an empty podSelector selects every pod", null, LabelSelector.ALL, true),
        Arguments.of(
            "a namespace matchExpression is prefixed too",
            expr("env", Operator.In, "prod", "staging"),
            null,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("egressSelectors")
  void egressRuleSelectors(String name, LabelSelector ns, LabelSelector pod, boolean expected) {
    assertEquals(expected, EndpointSelector.of(0, ns, pod).selector().matches(PROD_WEB));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("egressSelectors")
  void anEmptyNamespaceSelectorNeedsAPodNamespace(
      String name, LabelSelector ns, LabelSelector pod, boolean e) {
    if (ns != null && ns.isEmpty()) {
      // host and reserved identities carry no io.kubernetes.pod.namespace
      assertEquals(
          false, EndpointSelector.of(0, ns, pod).selector().matches(Labels.of("app", "web")));
    }
  }
}
