package com.hotcrm.platform.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UrlPolicyTest {

    /** DNS as the tests want it: names resolve to the addresses given here. */
    static UrlPolicy.Resolver dns(Map<String, String> names) {
        return host -> {
            String address = names.getOrDefault(host, host);
            if (!address.matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] { InetAddress.getByName(address) };
        };
    }

    static final UrlPolicy DEFAULTS = new UrlPolicy(false, List.of(), dns(Map.of("hooks.example.com", "93.184.215.14",
            "rebind.example.com", "10.1.2.3", "meta.example.com", "169.254.169.254", "localhost", "127.0.0.1")));

    @Test
    void publicHttpsUrlsPass() throws Exception {
        UrlPolicy.Target target = DEFAULTS.check("https://hooks.example.com/a/b?x=1");
        assertEquals("hooks.example.com", target.host());
        assertEquals(443, target.port());
        assertEquals("/a/b?x=1", target.pathAndQuery());
        assertEquals("93.184.215.14", target.address().getHostAddress());
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataAddressesAreRefusedByDefault() {
        for (String url : List.of("https://localhost/x", "https://127.0.0.1/x", "https://10.0.0.5/x",
                "https://172.16.1.1/x", "https://192.168.1.10/x", "https://169.254.169.254/latest/meta-data",
                "https://meta.example.com/", "https://rebind.example.com/", "https://0.0.0.0/", "https://100.64.0.1/",
                "https://[::1]/", "https://[fe80::1]/", "https://[fd00:ec2::254]/", "https://[::ffff:127.0.0.1]/",
                "https://224.0.0.1/")) {
            UrlPolicy.Refused refused = assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check(url), url);
            assertTrue(refused.getMessage().contains("resolves to"), refused.getMessage());
        }
    }

    @Test
    void onlyHttpsWithAHostAndNoCredentials() {
        assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check("http://hooks.example.com/"));
        assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check("ftp://hooks.example.com/"));
        assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check("https://user:pw@hooks.example.com/"));
        assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check("not a url"));
        assertThrows(UrlPolicy.Refused.class, () -> DEFAULTS.check("https://no-such-host.invalid/"));
    }

    @Test
    void operatorsAllowHostsAndNetworksAndThenHttpToo() throws Exception {
        UrlPolicy allowing = new UrlPolicy(false, List.of("localhost", "10.0.0.0/8"),
                dns(Map.of("localhost", "127.0.0.1", "internal.corp", "10.9.9.9")));
        assertEquals(8080, allowing.check("http://localhost:8080/hook").port());
        allowing.check("http://internal.corp/hook");
        allowing.check("https://10.1.1.1/hook");
        assertThrows(UrlPolicy.Refused.class, () -> allowing.check("https://192.168.0.1/hook"));
        assertThrows(UrlPolicy.Refused.class, () -> allowing.check("https://127.0.0.2/hook"));
    }

    @Test
    void httpForEveryHostOnlyWhenConfigured() throws Exception {
        UrlPolicy http = new UrlPolicy(true, List.of(), dns(Map.of("hooks.example.com", "93.184.215.14")));
        http.check("http://hooks.example.com/");
        assertThrows(UrlPolicy.Refused.class, () -> http.check("http://127.0.0.1/"));
    }

    @Test
    void ipv6FormsThatReachIpv4AreRefused() {
        UrlPolicy policy = new UrlPolicy(false, List.of(), dns(Map.of(
                "teredo.example.com", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "nat64.example.com", "64:ff9b::a00:1",
                "sixtofour.example.com", "2002:a00:1::1")));
        for (String url : List.of("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "https://[2001::1]/",
                "https://teredo.example.com/", "https://[64:ff9b::10.0.0.1]/", "https://[64:ff9b::93.184.215.14]/",
                "https://[64:ff9b:1::a00:1]/", "https://nat64.example.com/", "https://[2002:a00:1::1]/",
                "https://[2002:c0a8:101::1]/", "https://sixtofour.example.com/", "https://[::ffff:10.0.0.1]/",
                "https://[::ffff:169.254.169.254]/", "https://[::169.254.169.254]/")) {
            UrlPolicy.Refused refused = assertThrows(UrlPolicy.Refused.class, () -> policy.check(url), url);
            assertTrue(refused.getMessage().contains("resolves to"), refused.getMessage());
        }
    }

    @Test
    void publicIpv6OutsideThoseRangesPasses() throws Exception {
        // 2001:4860::/32 is a public allocation next to Teredo's 2001::/32
        new UrlPolicy(false, List.of(), dns(Map.of())).check("https://[2001:4860:4860::8888]/");
        new UrlPolicy(false, List.of(), dns(Map.of())).check("https://[2606:4700::1111]/");
    }

    @Test
    void anOperatorCanLimitThePorts() throws Exception {
        UrlPolicy ports = new UrlPolicy(false, List.of("localhost"), dns(Map.of("hooks.example.com", "93.184.215.14",
                "localhost", "127.0.0.1"))).allowingOnlyPorts(List.of(443, 8443), "HOTCRM_WEBHOOKS_ALLOWED_PORTS");
        assertEquals(443, ports.check("https://hooks.example.com/").port());
        assertEquals(8443, ports.check("https://hooks.example.com:8443/").port());
        for (String url : List.of("https://hooks.example.com:22/", "https://hooks.example.com:6379/",
                "http://localhost/", "http://localhost:8080/")) {
            UrlPolicy.Refused refused = assertThrows(UrlPolicy.Refused.class, () -> ports.parse(url), url);
            assertTrue(refused.getMessage().contains("HOTCRM_WEBHOOKS_ALLOWED_PORTS"), refused.getMessage());
            assertTrue(refused.getMessage().contains("[443, 8443]"), refused.getMessage());
        }
        // without a list, any port
        assertEquals(22, DEFAULTS.check("https://hooks.example.com:22/").port());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.allowingOnlyPorts(List.of(0), "X"));
    }

    @Test
    void networksAreCidrLiteralsNeverNames() {
        assertThrows(IllegalArgumentException.class, () -> new UrlPolicy(false, List.of("internal.corp/8"), dns(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> new UrlPolicy(false, List.of("10.0.0.0/33"), dns(Map.of())));
        Cidr v6 = Cidr.parse("[fd00::]/8", "X");
        assertTrue(v6.contains(Cidr.address("fd12::1").orElseThrow()));
        assertTrue(Cidr.address("example.com").isEmpty(), "a name is not resolved");
        assertTrue(Cidr.address("1234").isEmpty());
    }
}
