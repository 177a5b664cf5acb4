package com.hotcrm.gateway.proxy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client address no other test uses: per-address budgets (login attempts, refused API tokens) are shared by
 * every test of the run and, in Redis, by runs in the same minute. Addresses come from 100.64.0.0/10 (shared
 * address space, never a trusted proxy here), counted up from a random start so two tests of one run never meet.
 */
public final class TestClients {

    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 22));

    private TestClients() {
    }

    public static String address() {
        int n = NEXT.getAndIncrement() & ((1 << 22) - 1);
        return "100." + (64 + (n >>> 16)) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
    }
}
