package com.hotcrm.ai.crm;

import java.util.Collection;
import java.util.List;

import com.hotcrm.platform.event.ChangeEvent;

/**
 * A record change as every replica of ai-service sees it (a CDI event fired for each event of the change topic by
 * this replica's own consumer, {@code KnowledgeSearch.follow}): what caches of CRM reads observe to drop what the
 * change made stale, on every replica, instead of waiting out their time to live.
 */
public record CrmChange(ChangeEvent event) {

    public String object() {
        return event.object();
    }

    /** Whether the change may have altered any of {@code fields} (a creation or deletion alters them all). */
    public boolean touches(Collection<String> fields) {
        List<String> changed = event.data() == null ? null : event.data().changed();
        return event.isDeletion() || changed == null || event.kind().filter(k -> k == ChangeEvent.Kind.CREATED).isPresent()
                || changed.stream().anyMatch(fields::contains);
    }
}
