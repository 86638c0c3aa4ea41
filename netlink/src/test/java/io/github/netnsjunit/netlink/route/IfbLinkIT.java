package io.github.netnsjunit.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An ifb created and deleted by netlink in a fresh namespace, checked with {@code ip -j -d link}. */
class IfbLinkIT {
    private NamespaceHandle ns;
    private RouteClient rc;

    @BeforeEach
    void namespace() {
        ns = NamespaceHandle.createAll(List.of("ifbtest"), n -> { }).get(0);
        rc = RouteClient.of(ns);
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void createdUpAndDeletedAsIpSeesIt() {
        rc.changes().addLink("ifb0", 0, IfbLink.KIND, 1400, null).execute();
        rc.linkUp("ifb0");
        String shown = Oracle.run(ns, "ip", "-j", "-d", "link", "show", "ifb0");
        assertThat(shown).contains("\"ifname\":\"ifb0\"").contains("\"info_kind\":\"ifb\"").contains("\"mtu\":1400")
                .contains("\"UP\"");
        assertThat(rc.requireLink("ifb0").kind()).isEqualTo("ifb");
        rc.deleteLink("ifb0");
        assertThat(Oracle.run(ns, "ip", "-j", "link", "show")).doesNotContain("ifb0");
    }
}
