package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.junit.PathTrace;

/**
 * Internal: what an explainer concluded: the named cause, the sentence that says it, and the fix.
 *
 * @param cause    the cause's name
 * @param sentence one sentence, with the namespaces, links and addresses concerned
 * @param fix      what to change, in the words of the declarations where possible
 */
public record Finding(PathTrace.Cause cause, String sentence, String fix) {
}
