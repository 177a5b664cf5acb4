package com.hotcrm.records.client;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * auth-service, asked for every user (the resync of the User mirror). Timeout and retries are in
 * application.properties ({@code quarkus.fault-tolerance."...AuthUsersClient/allUsers".*}).
 */
@ApplicationScoped
public class AuthUsersClient {

    private final AuthUsersApi api;

    AuthUsersClient(@RestClient AuthUsersApi api) {
        this.api = api;
    }

    @Timeout
    @Retry
    public Uni<List<Map<String, Object>>> allUsers() {
        return api.all();
    }
}
