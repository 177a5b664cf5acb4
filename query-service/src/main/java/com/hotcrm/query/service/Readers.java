package com.hotcrm.query.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.security.Caller;

/** Makes the {@link Reader} of a request from its verified access token. */
@ApplicationScoped
public class Readers {

    private final AccessPolicy policy;
    private final MetadataRegistry registry;

    public Readers(AccessPolicy policy, MetadataRegistry registry) {
        this.policy = policy;
        this.registry = registry;
    }

    /** The caller of the token: what they may read, and who {@code $currentUser} is. */
    public Reader of(JsonWebToken jwt) {
        return new Reader(Caller.of(jwt), policy, registry);
    }
}
