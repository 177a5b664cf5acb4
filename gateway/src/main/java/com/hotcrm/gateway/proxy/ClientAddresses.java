package com.hotcrm.gateway.proxy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.platform.net.Cidr;

import io.vertx.core.http.HttpServerRequest;

/**
 * Who the client of a request is, for per-address limits and for the X-Forwarded-For sent to the
 * services. X-Forwarded-For is written by whoever sends it, so it is believed only on a connection from a
 * trusted proxy ({@code HOTCRM_GATEWAY_TRUSTED_PROXIES}), and then read from the right: each trusted proxy
 * appended the address it saw, and the first address that is not a trusted proxy is the client. Anything
 * left of it is the client's own claim and is dropped.
 */
@ApplicationScoped
public class ClientAddresses {

    static final String HEADER = "X-Forwarded-For";

    private final List<Cidr> trusted;

    @Inject
    ClientAddresses(GatewayConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        List<Cidr> networks = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                networks.add(Cidr.parse(entry.trim(), "HOTCRM_GATEWAY_TRUSTED_PROXIES"));
            }
        }
        this.trusted = List.copyOf(networks);
    }

    /** The client's address: the peer's, or behind trusted proxies the rightmost untrusted hop. */
    public String of(HttpServerRequest request) {
        return chain(request).get(0);
    }

    /**
     * The X-Forwarded-For to send on: the client and the trusted proxies after it, then the peer; for a
     * peer that is not a trusted proxy, the peer alone.
     */
    public String forwardedFor(HttpServerRequest request) {
        return String.join(", ", chain(request));
    }

    /** The believed hops, client first, peer last. */
    List<String> chain(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        List<String> hops = new ArrayList<>();
        hops.add(peer);
        if (!isTrusted(peer)) {
            return hops;
        }
        List<String> claimed = new ArrayList<>();
        for (String header : request.headers().getAll(HEADER)) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    claimed.add(hop.trim());
                }
            }
        }
        for (int i = claimed.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = Cidr.address(claimed.get(i));
            if (hop.isEmpty()) {
                break; // not an address: the last trusted proxy is as far as we can see
            }
            hops.add(0, hop.get().getHostAddress());
            if (!trusted.stream().anyMatch(network -> network.contains(hop.get()))) {
                break;
            }
        }
        return hops;
    }

    private boolean isTrusted(String address) {
        return !trusted.isEmpty() && Cidr.address(address)
                .map(a -> trusted.stream().anyMatch(network -> network.contains(a))).orElse(false);
    }
}
