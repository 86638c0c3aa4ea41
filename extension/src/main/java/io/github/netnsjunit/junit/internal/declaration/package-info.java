/**
 * Internal: reads what a test declares — its topology annotations, and the declarations of a programmatic
 * {@code NetworkTopology} handed over by the API package as a {@link
 * io.github.netnsjunit.junit.internal.model.RawTopology} — and validates them into the model, failing with the
 * API's {@code TopologyDeclarationException}. Imports no JUnit; the model below it imports nothing of the API.
 */
package io.github.netnsjunit.junit.internal.declaration;
