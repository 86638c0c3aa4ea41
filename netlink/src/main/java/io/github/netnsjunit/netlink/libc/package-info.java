/**
 * Not API: the jnr-ffi binding of the few libc functions the library calls ({@link
 * io.github.netnsjunit.netlink.libc.LibC}). Exported only because jnr-ffi implements the interface in an unnamed
 * module, which can implement only an interface exported to everyone; call the library's own types instead.
 */
package io.github.netnsjunit.netlink.libc;
