/**
 * A small pure-Java netlink library for Linux: network namespaces ({@code ns}), rtnetlink links, addresses, routes,
 * neighbours and bridges ({@code route}), nftables over nfnetlink ({@code nft}), traffic control ({@code tc}), a userspace relay ({@code relay}), ICMP echo ({@code icmp}), packet
 * capture ({@code capture}), the message codec ({@code msg}, {@code socket}), address types ({@code addr}) and
 * what a failed system call throws ({@code sys}: {@code SyscallException}, {@code Errno}). Every exported package is
 * API except {@code libc}, the jnr-ffi binding, exported only for jnr-ffi (see below). Not exported: {@code
 * packet}, the AF_PACKET socket that capture and relay share, and {@code internal.sys}, the checked libc wrappers
 * ({@code Native}) and the constants every other package rests on.
 *
 * <p>Usable on the class path as well: nothing here depends on being a named module.
 */
module io.github.netnsjunit.netlink {
    // jnr-ffi's types appear only in the bound interface (libc) and its loader (internal.sys), never in a signature a
    // user calls, so consumers need not read it.
    requires org.jnrproject.ffi;
    // jffi, the native-call layer under jnr-ffi (and a dependency of it): internal.sys calls libc through it directly,
    // which a fresh JVM starts several times faster than a jnr-ffi binding (DirectLibC).
    requires org.jnrproject.jffi;
    // jnr-ffi (an automatic module) generates the libc binding with ASM, but an automatic module's own needs are
    // unknown to the module system, and ASM is an explicit module: without this line nothing resolves it and the
    // first syscall fails with NoClassDefFoundError: org/objectweb/asm/ClassVisitor (seen with jnr-ffi 2.2.17 on
    // JDK 17; ModulePathIT runs a consumer on the module path to keep this true).
    requires org.objectweb.asm;

    exports io.github.netnsjunit.netlink.addr;
    exports io.github.netnsjunit.netlink.capture;
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
    // The jnr-ffi binding (LibC) must be in an unqualified export: jnr-ffi defines the generated implementation in an
    // unnamed module of its own class loader, which a qualified export ("to org.jnrproject.ffi") or an opens does not
    // reach. Tried: without this line the first syscall fails with IllegalAccessError "superinterface check failed:
    // class ...LibC$Functions$jnr$ffi$0 (in unnamed module) cannot access class ...LibC$Functions", and the same
    // with "exports ... to org.jnrproject.ffi". So it has a package of its own, marked as not API.
    exports io.github.netnsjunit.netlink.libc;
    // not exported: io.github.netnsjunit.netlink.packet (the AF_PACKET socket capture and relay share; it hands out no
    // API) and io.github.netnsjunit.netlink.internal.sys (the checked libc layer)
}
