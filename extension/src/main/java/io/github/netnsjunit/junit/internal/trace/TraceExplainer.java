package io.github.netnsjunit.junit.internal.trace;

import java.util.Optional;

/**
 * Internal: one way a probe can fail, recognised from the evidence of a trace. The trace asks the explainers in
 * order and reports the first finding.
 *
 * <p>This is the extension point for causes that other parts of the extension know about: a network condition or
 * partition in force (issue #12) and code that ran outside its namespace (issue #11). Such an explainer is
 * registered on the topology with {@code LiveTopology.explainTracesWith(explainer)} and is asked before the
 * built-in ones, since a loss condition or a partition rule explains a silent path better than the path itself.
 */
@FunctionalInterface
public interface TraceExplainer {
    /** The cause, if this explainer recognises it in {@code evidence}. */
    Optional<Finding> explain(TraceEvidence evidence);
}
