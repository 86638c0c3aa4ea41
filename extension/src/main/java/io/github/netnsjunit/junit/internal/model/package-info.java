/**
 * Internal: the immutable topology model, the raw declarations it is made from and the validator. Public only so
 * that other internal packages can use it; not an API, may change anytime. Imports nothing of the API package.
 *
 * <p>Flow: annotations ({@code internal.declaration.AnnotationTopologyReader}) or the builder ({@code
 * NetworkTopology}, which hands its declarations over itself) give a
 * {@link io.github.netnsjunit.junit.internal.model.RawTopology} of strings as written; the
 * {@link io.github.netnsjunit.junit.internal.model.TopologyValidator} parses and checks it in one pass,
 * collecting every problem, and yields a
 * {@link io.github.netnsjunit.junit.internal.model.TopologyModel}. {@code internal.declaration.ValidatedTopologies}
 * is the entry point.
 */
package io.github.netnsjunit.junit.internal.model;
