package com.hotcrm.auth.service;

import java.security.GeneralSecurityException;

import jakarta.enterprise.context.ApplicationScoped;

import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.util.ModularCrypt;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * bcrypt (cost 12) from WildFly Elytron. Both methods take about a quarter of a second by design: call
 * them off the event loop. A login for an unknown email verifies against a dummy hash, so that it takes
 * as long as a wrong password.
 */
@ApplicationScoped
public class PasswordHasher {

    static final int COST = 12;
    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();

    private final String dummyHash = BcryptUtil.bcryptHash("not a password of anyone", COST);

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    /** True when {@code password} matches {@code hash}; a null hash spends the same time and says false. */
    public boolean verify(String password, String hash) {
        boolean known = hash != null;
        try {
            Password stored = ModularCrypt.decode(known ? hash : dummyHash);
            PasswordFactory factory = PasswordFactory.getInstance(stored.getAlgorithm(), PROVIDER);
            boolean matches = factory.verify(factory.translate(stored), password.toCharArray());
            return known && matches;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
