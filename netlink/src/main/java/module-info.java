/**
 * A small pure-Java netlink library for Linux: network namespaces ({@code ns}), rtnetlink links, addresses, routes,
 * neighbours and bridges ({@code route}), nftables over nfnetlink ({@code nft}), traffic control ({@code tc}), TCP
 * socket diagnostics ({@code diag}), a userspace relay ({@code relay}), ICMP echo ({@code icmp}), packet
 * capture ({@code capture}), the message codec ({@code msg}, {@code socket}), address types ({@code addr}) and
 * what a failed system call throws ({@code sys}: {@code SyscallException}, {@code Errno}). Every exported package is
 * API. Not exported: {@code
 * packet}, the AF_PACKET socket that capture and relay share, and {@code internal.sys}, the checked libc wrappers
 * ({@code Native}) and the constants every other package rests on.
 *
 * <p>Usable on the class path as well: nothing here depends on being a named module.
 */
module io.github.netnsjunit.netlink {
    // jnr-ffi stays in the module graph for the jnr users built on it (the extension's jnr-posix); this module's own
    // libc calls go through jffi directly (below). Neither appears in a signature a user calls.
    requires org.jnrproject.ffi;
    // jffi, the native-call layer under jnr-ffi (and a dependency of it): internal.sys calls libc through it directly,
    // which a fresh JVM starts several times faster than a jnr-ffi binding (DirectLibC).
    requires org.jnrproject.jffi;
    // jnr-ffi (an automatic module) generates its bindings (jnr-posix's) with ASM, but an automatic module's own needs
    // are unknown to the module system, and ASM is an explicit module: without this line nothing resolves it and the
    // first jnr-ffi binding fails with NoClassDefFoundError: org/objectweb/asm/ClassVisitor (seen with jnr-ffi 2.2.17
    // on JDK 17; ModulePathIT runs a consumer on the module path to keep this true).
    requires org.objectweb.asm;

    exports io.github.netnsjunit.netlink.addr;
    exports io.github.netnsjunit.netlink.capture;
    exports io.github.netnsjunit.netlink.diag;
    exports io.github.netnsjunit.netlink.icmp;
    exports io.github.netnsjunit.netlink.msg;
    exports io.github.netnsjunit.netlink.nft;
    exports io.github.netnsjunit.netlink.ns;
    exports io.github.netnsjunit.netlink.relay;
    exports io.github.netnsjunit.netlink.route;
    exports io.github.netnsjunit.netlink.socket;
    exports io.github.netnsjunit.netlink.tc;
    // SyscallException and Errno reach every caller: they are what a failed system call throws (NamespaceHandle.attach,
    // Sysctls, the sockets, ...). They stay in sys, which keeps only them, so that code catching them compiles as
    // before; the checked libc layer itself (Native, the CLONE_*/SOL_*/IFF_* constants) moved to internal.sys and is
    // not exported.
    exports io.github.netnsjunit.netlink.sys;
    // not exported: io.github.netnsjunit.netlink.packet (the AF_PACKET socket capture and relay share; it hands out no
    // API) and io.github.netnsjunit.netlink.internal.sys (the checked libc layer)
}
