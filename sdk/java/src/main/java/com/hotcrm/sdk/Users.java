package com.hotcrm.sdk;

import java.util.Map;

import com.hotcrm.sdk.model.ListResult;
import com.hotcrm.sdk.model.CrmRecord;
import com.hotcrm.sdk.model.User;

/**
 * The organisation's users ({@code /users}; admins only, except {@link #me()}). Fields as on the CRM's User
 * object: {@code Name, Email, Password} (write-only), {@code Role}, {@code ManagerId}, {@code RateLimitTier},
 * {@code IsActive}, {@code Title}, {@code Department}, {@code Language}.
 */
public final class Users {

    private final Transport transport;

    Users(Transport transport) {
        this.transport = transport;
    }

    public ListResult<User> list(Integer limit, Integer offset) {
        var answer = transport.get("users", Webhooks.paging(limit, offset));
        var page = Pages.page(answer, User::new);
        return new ListResult<>(page.records(), page.totalCount(), page.hasMore(), page.limit(), page.offset());
    }

    public ListResult<User> list() {
        return list(null, null);
    }

    /** The caller. */
    public User me() {
        return get("me");
    }

    public User get(String id) {
        return Pages.record(transport.get("users/" + Transport.segment(id), null), User::new);
    }

    /**
     * {@code create(CrmRecord.of("Name", "Rita", "Email", "rita@example.com", "Password", "...", "Role",
     * "sales_rep"))}.
     */
    public User create(CrmRecord user) {
        return create(user.toMap());
    }

    public User create(Map<String, ?> fields) {
        return Pages.record(transport.post("users", fields), User::new);
    }

    public User update(String id, Map<String, ?> changes) {
        return Pages.record(transport.send("PATCH", "users/" + Transport.segment(id), null, changes, true), User::new);
    }
}
