/**
 * A small pure-Java netlink library for Linux: network namespaces ({@code ns}), rtnetlink links, addresses, routes,
 * neighbours and bridges ({@code route}), nftables over nfnetlink ({@code nft}), traffic control ({@code tc}), a userspace relay ({@code relay}), ICMP echo ({@code icmp}), packet
 * capture ({@code capture}), the message codec ({@code msg}, {@code socket}), address types ({@code addr}) and
 * the checked libc wrappers they rest on ({@code sys}). Every package is API except {@code packet}, the AF_PACKET socket that
 * capture and relay share.
 *
 * <p>Usable on the class path as well: nothing here depends on being a named module.
 */
module io.github.netnsjunit.netlink {
    // jnr-ffi's types appear only inside sys (the bound interface and the loader), never in a public signature,
    // so consumers need not read it.
    requires org.jnrproject.ffi;
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
    // SyscallException and Errno reach every caller (they are what a failed syscall throws); Native is the checked
    // libc layer the other packages share. The jnr-ffi binding itself (LibC) is package-private, but its interface
    // LibC.Functions must be in an unqualified export: jnr-ffi defines the generated implementation in an unnamed
    // module of its own class loader, which a qualified export ("to org.jnrproject.ffi") or an opens does not
    // reach. Tried: without this line the first syscall fails with IllegalAccessError "superinterface check failed:
    // class ...LibC$Functions$jnr$ffi$0 (in unnamed module) cannot access class ...LibC$Functions", and the same
    // with "exports ... to org.jnrproject.ffi".
    exports io.github.netnsjunit.netlink.sys;
    // io.github.netnsjunit.netlink.packet (the AF_PACKET socket capture and relay share; it hands out no API) is
    // not exported
}
