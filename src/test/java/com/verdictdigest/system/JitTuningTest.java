package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compiler directives of the sending commands: taken by this HotSpot, only for those commands, and can be left off. */
class JitTuningTest {

    private int added;

    private static String dcmd(String operation) throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    /** The directives are a stack: this test's go, so the rest of the test JVM compiles as usual. */
    @AfterEach
    void removeWhatWasAdded() throws Exception {
        for (; added > 0; added--) {
            dcmd("compilerDirectivesRemove");
        }
        System.clearProperty("verdict.jit");
    }

    @Test
    void sendingCommandsCompileLibrariesAndTheAppWithC1AndTheJdkWithBoth() throws Exception {
        assertThat(JitTuning.applyFor("digest")).as("a reading command").isFalse();
        assertThat(dcmd("compilerDirectivesPrint")).doesNotContain("org/bouncycastle/*.*");

        assertThat(JitTuning.applyFor("serve")).isTrue();
        added++;

        String directives = dcmd("compilerDirectivesPrint");
        String jdk = directives.substring(directives.indexOf("matching: "), directives.indexOf("matching: *.*"));
        assertThat(jdk).contains("java/*.*").contains("sun/*.*").contains("com/sun/*.*")
                .contains("org/bouncycastle/*.*").contains("com/verdictdigest/mail/RelaxedBody.*")
                .contains("com/verdictdigest/mail/DkimSignature.*");
        assertThat(jdk.substring(jdk.indexOf("c2 directives"))).contains("Exclude:false");
        String everythingElse = directives.substring(directives.indexOf("matching: *.*"));
        assertThat(everythingElse.substring(everythingElse.indexOf("c2 directives"))).contains("Exclude:true");
    }

    @Test
    void verdictJitDefaultLeavesHotSpotsOwnPolicy() throws Exception {
        System.setProperty("verdict.jit", "default");
        String before = dcmd("compilerDirectivesPrint");

        assertThat(JitTuning.applyFor("send")).isFalse();

        assertThat(dcmd("compilerDirectivesPrint")).isEqualTo(before);
    }
}
