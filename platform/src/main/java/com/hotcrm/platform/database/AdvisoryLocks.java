package com.hotcrm.platform.database;

/**
 * Every PostgreSQL advisory lock HotCRM takes, in one place. The services share one database, so two
 * features that picked the same number would silently serialize (or exclude) each other: auth-service's
 * user-events relay and records-service's DDL once did. Add a key here, never as a literal elsewhere;
 * {@code AdvisoryLocksTest} checks that the keys are distinct and that no source file spells one out.
 */
public enum AdvisoryLocks {

    /** records-service's outbox relay ({@code crm.outbox}): one replica publishes, in commit order. */
    RECORDS_OUTBOX_RELAY(0x686f7463726d01L),
    /** records-service's changes to object tables and metadata: replicas never run DDL at the same time. */
    METADATA_DDL(0x686f7463726d02L),
    /** auth-service's outbox relay ({@code auth.outbox}). */
    AUTH_OUTBOX_RELAY(0x686f7463726d03L),
    /** records-service's change-feed sequencer: one replica numbers committed outbox rows, in order. */
    CHANGE_FEED_SEQUENCER(0x686f7463726d04L),
    /** ai-service's model trainer: one replica trains a model version at a time. */
    AI_MODEL_TRAINER(0x686f7463726d05L);

    private final long key;

    AdvisoryLocks(long key) {
        this.key = key;
    }

    /** The bigint given to {@code pg_advisory_xact_lock} and friends. */
    public long key() {
        return key;
    }
}
