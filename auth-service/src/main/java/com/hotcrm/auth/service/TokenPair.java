package com.hotcrm.auth.service;

/** The seed's answer to POST /auth/token: {@code {token, expiresIn, refreshToken}}. */
public record TokenPair(String token, long expiresIn, String refreshToken) {
}
