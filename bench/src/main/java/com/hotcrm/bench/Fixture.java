package com.hotcrm.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the workloads pick their arguments from, read once from the loaded database: a random sample of
 * account ids, accounts that have contacts (for the child list), the industries and statuses in use, and
 * the owner the loaded accounts have (for rows inserted straight into PostgreSQL).
 */
record Fixture(List<String> accountIds, List<String> parentIds, List<String> industries, List<String> statuses,
        String ownerId) {

    static final int SAMPLE = 10_000;

    static Fixture read(Connection c) throws SQLException {
        // TABLESAMPLE keeps this cheap at a million rows; the ORDER BY random() spreads the pick over the sample
        List<String> accounts = strings(c, "SELECT id FROM crm.account TABLESAMPLE SYSTEM (5) ORDER BY random() LIMIT " + SAMPLE);
        if (accounts.size() < 100) {
            accounts = strings(c, "SELECT id FROM crm.account ORDER BY random() LIMIT " + SAMPLE);
        }
        List<String> parents = strings(c, "SELECT account_id FROM crm.contact WHERE account_id IS NOT NULL"
                + " GROUP BY account_id ORDER BY random() LIMIT " + SAMPLE);
        List<String> industries = strings(c, "SELECT DISTINCT industry FROM crm.account WHERE industry IS NOT NULL");
        List<String> statuses = strings(c, "SELECT DISTINCT status FROM crm.account WHERE status IS NOT NULL");
        List<String> owners = strings(c, "SELECT owner_id FROM crm.account WHERE owner_id IS NOT NULL LIMIT 1");
        if (accounts.isEmpty() || parents.isEmpty() || industries.isEmpty() || statuses.isEmpty()) {
            throw new IllegalStateException("No benchmark data: accounts " + accounts.size() + ", accounts with contacts "
                    + parents.size() + ", industries " + industries.size());
        }
        return new Fixture(List.copyOf(accounts), List.copyOf(parents), List.copyOf(industries), List.copyOf(statuses),
                owners.isEmpty() ? null : owners.get(0));
    }

    String randomAccount() {
        return pick(accountIds);
    }

    String randomParent() {
        return pick(parentIds);
    }

    String randomIndustry() {
        return pick(industries);
    }

    String randomStatus() {
        return pick(statuses);
    }

    static <T> T pick(List<T> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
