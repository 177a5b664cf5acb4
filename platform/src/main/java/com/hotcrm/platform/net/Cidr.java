package com.hotcrm.platform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}), as operators write them in allow-lists
 * (subscriber hosts) and trust lists (the gateway's proxies). Only IP literals: nothing here resolves a name.
 */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.\\[\\]]+");

    /**
     * @param setting the setting the text comes from, named when it is not a CIDR
     */
    public static Cidr parse(String text, String setting) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not a CIDR in " + setting + ": " + text + " (write it as address/prefix)");
        }
        InetAddress address = address(text.substring(0, slash).trim())
                .orElseThrow(() -> new IllegalArgumentException("Not a CIDR in " + setting + ": " + text));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a CIDR in " + setting + ": " + text);
        }
        if (prefix < 0 || prefix > address.getAddress().length * 8) {
            throw new IllegalArgumentException("Bad prefix in " + setting + " entry " + text);
        }
        return new Cidr(address.getAddress(), prefix);
    }

    /** An IP literal (IPv6 with or without brackets) as an address; empty for anything else, never a DNS lookup. */
    public static Optional<InetAddress> address(String literal) {
        if (literal == null || literal.isEmpty() || !LITERAL.matcher(literal).matches()
                || (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
