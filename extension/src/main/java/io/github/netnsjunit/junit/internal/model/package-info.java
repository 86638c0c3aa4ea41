/**
 * Internal: the immutable topology model, the raw declarations it is made from, the annotation reader and
 * the validator. Public only so that other internal packages can use it; not an API, may change anytime.
 *
 * <p>Flow: annotations ({@link io.github.netnsjunit.junit.internal.model.AnnotationTopologyReader}) or the
 * builder ({@link io.github.netnsjunit.junit.NetworkTopology}) give a
 * {@link io.github.netnsjunit.junit.internal.model.RawTopology} of strings as written; the
 * {@link io.github.netnsjunit.junit.internal.model.TopologyValidator} parses and checks it in one pass,
 * collecting every problem, and yields a
 * {@link io.github.netnsjunit.junit.internal.model.TopologyModel}.
 * {@link io.github.netnsjunit.junit.internal.model.TopologyModels} is the entry point.
 */
package io.github.netnsjunit.junit.internal.model;
