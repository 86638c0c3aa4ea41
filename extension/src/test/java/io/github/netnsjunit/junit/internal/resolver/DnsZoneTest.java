package io.github.netnsjunit.junit.internal.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.DnsAnswer;
import io.github.netnsjunit.junit.NetworkTopology;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.DnsPtrRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's answers, read back by an independent DNS codec (Netty's): records, rcodes, flags, TTL 0; queries
 * written by that codec, with an EDNS OPT record as real resolvers send.
 */
class DnsZoneTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.53", 53);

    private final HostTable table = HostTable.of(io.github.netnsjunit.junit.TestTopologies.validate(NetworkTopology.builder()
            .namespace("db", ns -> ns.hostnames("db", "postgres.test"))
            .namespace("app")
            .veth("a0", "app", "d0", "db", v -> v.address("10.0.0.1/24").peerAddress("10.0.0.2/24", "fd00::2/64"))
            .build()));
    private final DnsFaultRules rules = new DnsFaultRules();
    private final DnsZone zone = new DnsZone(table, rules, "app");

    @Test
    void answersTheNamesWithTtlZeroAndRefusesOthers() throws Exception {
        DatagramDnsResponse a = ask("DB", DnsRecordType.A);
        assertThat(a.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(a.isAuthoritativeAnswer()).isTrue();
        assertThat(a.id()).isEqualTo(4711);
        assertThat(addresses(a)).containsExactly("10.0.0.2");
        assertThat(a.<DnsRecord>recordAt(DnsSection.ANSWER, 0).timeToLive()).isZero();
        assertThat(addresses(ask("postgres.test.", DnsRecordType.AAAA))).containsExactly("fd00:0:0:0:0:0:0:2");
        DatagramDnsResponse mx = ask("db", DnsRecordType.MX);
        assertThat(mx.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(mx.count(DnsSection.ANSWER)).isZero();
        assertThat(ask("db.corp.example", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.NXDOMAIN);
        assertThat(ask("example.org", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.REFUSED);
        DatagramDnsResponse ptr = ask("2.0.0.10.in-addr.arpa", DnsRecordType.PTR);
        assertThat(((DnsPtrRecord) ptr.recordAt(DnsSection.ANSWER, 0)).hostname()).isEqualTo("db.");
        assertThat(ask("9.0.0.10.in-addr.arpa", DnsRecordType.PTR).code()).isEqualTo(DnsResponseCode.REFUSED);
    }

    @Test
    void faultsDecideForTheirNameAndNamespaceNewestFirst() throws Exception {
        DnsFaultRules.Rule all = new DnsFaultRules.Rule(null, null, DnsAnswer.SERVFAIL, Duration.ZERO);
        DnsFaultRules.Rule db = new DnsFaultRules.Rule("db", "app", DnsAnswer.NXDOMAIN, Duration.ofMillis(50));
        DnsFaultRules.Rule elsewhere = new DnsFaultRules.Rule("db", "db", DnsAnswer.TIMEOUT, Duration.ZERO);
        rules.add(all);
        rules.add(db);
        rules.add(elsewhere);
        assertThat(ask("db", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.NXDOMAIN);
        assertThat(zone.answer(query("db", DnsRecordType.A)).delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(ask("postgres.test", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.SERVFAIL);
        assertThat(new DnsZone(table, rules, "db").answer(query("db", DnsRecordType.A)).reply()).isNull();
        rules.remove(db);
        rules.remove(all);
        assertThat(addresses(ask("db", DnsRecordType.A))).containsExactly("10.0.0.2");
        assertThat(db.toString()).isEqualTo("dns db: NXDOMAIN after 50 ms in app");
    }

    private DatagramDnsResponse ask(String name, DnsRecordType type) {
        DnsZone.Reply reply = zone.answer(query(name, type));
        EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        decoder.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(reply.reply()), CLIENT, SERVER));
        return decoder.readInbound();
    }

    /** A query as Netty's resolver writes it (recursion desired, an EDNS OPT record), parsed by our server. */
    private static DnsMessage.Query query(String name, DnsRecordType type) {
        EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        DatagramDnsQuery q = new DatagramDnsQuery(CLIENT, SERVER, 4711).setRecursionDesired(true);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        q.addRecord(DnsSection.ADDITIONAL, new io.netty.handler.codec.dns.DefaultDnsRawRecord("",
                DnsRecordType.OPT, 1232, 0, Unpooled.EMPTY_BUFFER));
        encoder.writeOutbound(q);
        DatagramPacket packet = encoder.readOutbound();
        ByteBuf content = packet.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.readBytes(bytes);
        packet.release();
        return DnsMessage.parse(bytes, bytes.length).orElseThrow();
    }

    private static List<String> addresses(DatagramDnsResponse r) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.count(DnsSection.ANSWER); i++) {
            DnsRawRecord rec = r.recordAt(DnsSection.ANSWER, i);
            byte[] b = new byte[rec.content().readableBytes()];
            rec.content().getBytes(rec.content().readerIndex(), b);
            out.add(InetAddress.getByAddress(b).getHostAddress());
        }
        return out;
    }
}
