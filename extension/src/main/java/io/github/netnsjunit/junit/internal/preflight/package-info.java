/** Internal: the checks behind {@link io.github.netnsjunit.junit.Preflight}. */
package io.github.netnsjunit.junit.internal.preflight;
