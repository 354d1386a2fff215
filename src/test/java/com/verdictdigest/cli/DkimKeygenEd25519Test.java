package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.DkimTestAccess;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.ListRecipient;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.mail.PreparedMessage;
import com.verdictdigest.support.Identity;
import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dkim keygen --algorithm ed25519}: a key the signer takes, and the RFC 8463 DNS record of it. */
class DkimKeygenEd25519Test {

    @Test
    void anEd25519KeyFromKeygenSignsBesidesTheRsaKeyAndItsRecordHoldsTheRawKey(@TempDir Path dir) throws Exception {
        Map<String, Object> props = Map.of("spring.datasource.url", TestDatabase.H2.freshUrl());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(props));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("dkim", "keygen", "--selector", "rsa1", "--out", dir.toString())).as(err.toString()).isZero();
        int code = cl.execute("dkim", "keygen", "--algorithm", "ed25519", "--selector", "ed1", "--out", dir.toString(),
                "--domain", "news.example.org");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ed1._domainkey.news.example.org. IN TXT ( \"v=DKIM1; k=ed25519; p=")
                .contains("ed25519-selector=ed1");
        PublicKey publicKey = publicKey("Ed25519", dir.resolve("ed1.public.pem"));
        String p = Files.readString(dir.resolve("ed1.txt")).replaceAll("(?s).*p=([A-Za-z0-9+/=]+)\".*", "$1");
        assertThat(Base64.getDecoder().decode(p)).hasSize(32);

        DkimSigning signing = new DkimSigning(new DkimProperties(true, "rsa1", dir.resolve("rsa1.private.pem"), null, "jdk",
                "ed1", dir.resolve("ed1.private.pem")), Identity.SENDER);
        PreparedMessage m = Identity.messageBuilder(Identity.SENDER, Identity.SITE, java.time.Clock.systemUTC(), signing)
                .build(jakarta.mail.Session.getInstance(new java.util.Properties()), 1,
                        new ListRecipient(1, "a@example.com", null, "t1", false), new PersonalMail("Hi", "<p>Hi</p>", "Hi"));
        byte[] signed = ((PreparedMessage) signing.newSigner().sign(m)).raw();
        assertThat(DkimTestAccess.verifies(signed, publicKey)).isTrue();
        assertThat(new String(signed, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("a=ed25519-sha256;").contains("s=ed1;");
        assertThat(DkimTestAccess.verifies(signed, publicKey("RSA", dir.resolve("rsa1.public.pem")))).isTrue();
    }

    private static PublicKey publicKey(String algorithm, Path pem) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", ""))));
    }
}
