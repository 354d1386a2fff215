package com.verdictdigest.mail;

import java.security.PublicKey;

/** Lets tests of other packages use the independent DKIM verifier. */
public final class DkimTestAccess {

    private DkimTestAccess() {
    }

    public static boolean verifies(byte[] message, PublicKey key) throws Exception {
        DkimVerifier.Result r = DkimVerifier.verify(message, key);
        return r.bodyHashMatches() && r.signatureValid();
    }
}
