package io.khotam;

import static org.assertj.core.api.Assertions.fail;

/**
 * Preconditions of tests that use the real thing (a tmpfs, chattr, another user): when one is
 * missing the test fails at once and says what it needs. It never skips: a skipped fault test
 * would pass off an untested promise as a kept one.
 */
public final class Requires {

    private Requires() {}

    /** @param why what the test does that needs root */
    public static void root(String why) {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            fail("this test must run as root (it %s); it runs as %s. CI runs as root: run `mvn verify` as root, "
                    + "or leave this test to CI", why, user);
        }
    }
}
