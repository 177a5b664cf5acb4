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
}
