package com.verdictdigest.system;

/** A release 0.1 database for tests outside this package (the CLI's upgrade on read). */
public final class MigrationUpgradeTestAccess {

    private MigrationUpgradeTestAccess() {
    }

    /** Makes a release 0.1 database at {@code url}; returns the URL. */
    public static String release01At(String url) {
        MigrationUpgradeTest.release01At(url);
        return url;
    }
}
