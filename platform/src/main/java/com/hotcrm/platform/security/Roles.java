package com.hotcrm.platform.security;

import java.util.List;

/** The roles a user can hold; carried in the token's {@code groups} claim. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String SALES_MANAGER = "sales_manager";
    public static final String SALES_REP = "sales_rep";
    public static final String SUPPORT_AGENT = "support_agent";
    public static final String READ_ONLY = "read_only";

    public static final List<String> ALL = List.of(ADMIN, SALES_MANAGER, SALES_REP, SUPPORT_AGENT, READ_ONLY);

    /** {@link #ALL} as a constant, for a request field's {@code @Pattern}. */
    public static final String PATTERN = ADMIN + "|" + SALES_MANAGER + "|" + SALES_REP + "|" + SUPPORT_AGENT + "|" + READ_ONLY;
    public static final String LISTED = ADMIN + ", " + SALES_MANAGER + ", " + SALES_REP + ", " + SUPPORT_AGENT + ", " + READ_ONLY;

    private Roles() {
    }
}
