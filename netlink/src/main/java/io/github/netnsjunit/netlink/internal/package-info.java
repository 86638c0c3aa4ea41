/**
 * Internal hooks between this module's packages; not exported by the module, not API on the class path either.
 */
package io.github.netnsjunit.netlink.internal;
