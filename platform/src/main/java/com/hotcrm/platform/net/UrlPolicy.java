package com.hotcrm.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which subscriber URLs may be called. A URL is https (http only when allowed for every host, or for an
 * allow-listed one), has a host and no credentials; every address its host resolves to must be public:
 * not loopback, unspecified, private (RFC 1918, unique-local), carrier-grade NAT, link-local (which holds
 * the cloud metadata address 169.254.169.254), multicast, reserved, or an IPv6 form that reaches IPv4 (mapped,
 * NAT64, 6to4, Teredo), unless an operator allow-listed the
 * host name or a network holding it. {@link #check} is run when a webhook is saved and again before every
 * attempt (after a fresh DNS resolution), and the attempt connects to an address it approved, so a name
 * that starts resolving somewhere private is refused. An operator may also limit the ports
 * ({@link #allowingOnlyPorts}).
 */
public final class UrlPolicy {

    /** Why a URL is refused; the message is safe to show (it never holds the URL's query). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** An approved URL: what to connect to, and the address to use. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Resolves host names; tests replace it. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final int MAX_LENGTH = 2048;

    private final String field;
    private final String allowSetting;
    private final boolean allowHttp;
    private final Set<String> allowedNames;
    private final List<Cidr> allowedNetworks;
    private final Resolver resolver;
    private final Set<Integer> allowedPorts;
    private final String portsSetting;

    /** The webhook subscribers' policy: the field is {@code url}, the allow-list HOTCRM_WEBHOOKS_ALLOWED_HOSTS. */
    public UrlPolicy(boolean allowHttp, List<String> allowedHosts, Resolver resolver) {
        this("url", "HOTCRM_WEBHOOKS_ALLOWED_HOSTS", allowHttp, allowedHosts, resolver);
    }

    /**
     * @param field what the URL is called in the request, for the messages ({@code url}, {@code audioUrl})
     * @param allowSetting the setting an operator allow-lists hosts with, named in the refusal
     */
    public UrlPolicy(String field, String allowSetting, boolean allowHttp, List<String> allowedHosts, Resolver resolver) {
        this.field = field;
        this.allowSetting = allowSetting;
        this.allowHttp = allowHttp;
        this.resolver = resolver;
        Set<String> names = new java.util.HashSet<>();
        List<Cidr> networks = new ArrayList<>();
        for (String entry : allowedHosts) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (value.contains("/")) {
                networks.add(Cidr.parse(value, allowSetting));
            } else {
                names.add(value.toLowerCase(Locale.ROOT));
            }
        }
        this.allowedNames = Set.copyOf(names);
        this.allowedNetworks = List.copyOf(networks);
        this.allowedPorts = Set.of();
        this.portsSetting = null;
    }

    private UrlPolicy(UrlPolicy policy, Set<Integer> allowedPorts, String portsSetting) {
        this.field = policy.field;
        this.allowSetting = policy.allowSetting;
        this.allowHttp = policy.allowHttp;
        this.resolver = policy.resolver;
        this.allowedNames = policy.allowedNames;
        this.allowedNetworks = policy.allowedNetworks;
        this.allowedPorts = Set.copyOf(allowedPorts);
        this.portsSetting = portsSetting;
    }

    /**
     * The same policy, accepting only URLs on these ports (explicit, or 443/80 by scheme), whatever the
     * host; none means any port.
     *
     * @param setting the setting that lists them, named in the refusal
     */
    public UrlPolicy allowingOnlyPorts(java.util.Collection<Integer> ports, String setting) {
        for (Integer port : ports) {
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException(setting + " holds " + port + ", which is not a port (1-65535)");
            }
        }
        return new UrlPolicy(this, Set.copyOf(ports), setting);
    }

    /** The form of the URL only, without resolving its host: what can be said at once. */
    public URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused(field + " is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new Refused(field + " must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused(field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused(field + " must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused(field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused(field + " must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused(field + " must not contain a fragment");
        }
        int port = portOf(uri);
        if (!allowedPorts.isEmpty() && !allowedPorts.contains(port)) {
            throw new Refused(field + " uses port " + port + ", which is not allowed: use one of "
                    + new java.util.TreeSet<>(allowedPorts) + " (an operator sets them with " + portsSetting + ")");
        }
        return uri;
    }

    /** Parses, resolves and checks a URL; blocking (DNS), so never on an event loop. */
    public Target check(String url) throws Refused {
        URI uri = parse(url);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = hostOf(uri);
        int port = portOf(uri);
        boolean nameAllowed = allowedNames.contains(host.toLowerCase(Locale.ROOT));
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused(field + "'s host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused(field + "'s host " + host + " does not resolve");
        }
        boolean allInAllowedNetworks = true;
        for (InetAddress address : addresses) {
            boolean inAllowed = allowedNetworks.stream().anyMatch(n -> n.contains(address));
            allInAllowedNetworks &= inAllowed;
            if (!nameAllowed && !inAllowed && !isPublic(address)) {
                throw new Refused(field + "'s host " + host + " resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local or reserved address; an operator can allow it with"
                        + " " + allowSetting);
            }
        }
        if (!https && !allowHttp && !nameAllowed && !allInAllowedNetworks) {
            throw new Refused(field + " must be an https URL");
        }
        return new Target(uri, host, port, https, addresses[0]);
    }

    private static int portOf(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether an address is a public unicast one. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            int a2 = b[2] & 0xff;
            return !(a0 == 0 // this network
                    || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
                    || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
                    || (a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                    || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
                    || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                    || a0 >= 240); // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            if ((b0 & 0xfe) == 0xfc) { // unique local fc00::/7 (holds fd00:ec2::254, AWS's metadata)
                return false;
            }
            if (b0 == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if (isMappedOrCompatibleV4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            // ::/8 reserved, which holds NAT64's 64:ff9b::/96 and 64:ff9b:1::/48 (a NAT64 gateway turns them
            // into any IPv4 address, private ones too); 100::/64 discard
            if (b0 == 0x00 || b0 == 0x01) {
                return false;
            }
            if (b0 == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4 2002::/16 can reach any IPv4 address
                return false;
            }
            if (b0 == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return false; // Teredo 2001::/32 tunnels to an IPv4 address (and a relay of its choice)
            }
            return true;
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}
