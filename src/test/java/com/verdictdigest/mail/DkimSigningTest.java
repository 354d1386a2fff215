package com.verdictdigest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * The fast DKIM path: every message it signs verifies with two verifiers that share nothing with
 * it (the tests' {@link DkimVerifier} and Apache James jDKIM), and its body hash is the one
 * utils-mail-dkim, the library it replaced, computes for the same bytes.
 */
class DkimSigningTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Session SESSION = Session.getInstance(new java.util.Properties());

    @TempDir
    static Path dir;
    static KeyPair rsa;
    static KeyPair ed25519;
    static Path rsaFile;
    static Path edFile;

    @BeforeAll
    static void keys() throws Exception {
        rsa = DkimKeys.generate();
        ed25519 = DkimKeys.generateEd25519();
        rsaFile = dir.resolve("mail.private.pem");
        edFile = dir.resolve("ed.private.pem");
        Files.writeString(rsaFile, DkimKeys.privatePem(rsa));
        Files.writeString(edFile, DkimKeys.privatePem(ed25519));
    }

    static DkimSigning signing(String provider, boolean withEd25519) {
        return new DkimSigning(new DkimProperties(true, "mail", rsaFile, null, provider,
                withEd25519 ? "ed" : null, withEd25519 ? edFile : null), MessageBuilderTest.SENDER, CLOCK);
    }

    /** Texts that stress relaxed canonicalisation, and a shared render spliced with personal pieces. */
    static Map<String, PersonalMail> mails() {
        Map<String, PersonalMail> m = new LinkedHashMap<>();
        m.put("empty text only", new PersonalMail("Empty", null, ""));
        m.put("empty parts", new PersonalMail("Empty parts", "", ""));
        m.put("one line without a line end", new PersonalMail("One", null, "Hello"));
        m.put("CRLF line ends", new PersonalMail("CRLF", "<p>a</p>\r\n<p>b</p>\r\n", "a\r\nb\r\n\r\nc\r\n"));
        m.put("LF line ends", new PersonalMail("LF", "<p>a</p>\n<p>b</p>\n", "a\nb\n\nc\n"));
        m.put("trailing and inner blanks", new PersonalMail("Blanks", "<p>  a \t b  </p>   \n\t\n", "x  \ny\t\t\n  z  \n \t \n"));
        m.put("empty lines at the end", new PersonalMail("Trailing", null, "body\n\n\n\n"));
        m.put("only empty lines", new PersonalMail("Nothing", null, "\n\n\n"));
        m.put("long lines", new PersonalMail("Long", "<p>" + "word ".repeat(400) + "</p>", "x".repeat(2000) + "\n" + "a b".repeat(300)));
        m.put("non-ASCII", new PersonalMail("Zoë — ✓", "<p>Grüße, Zoë — naïve café 😀</p>", "Grüße, Zoë\n— naïve café 😀\n"));
        m.put("dots and equals", new PersonalMail("Dots", null, ".\n..leading dot\n=3D not an escape\n.\n"));
        Random random = new Random(16);
        for (int size : new int[] {500, 20_000, 120_000}) {
            m.put("random " + size + " bytes", new PersonalMail("Random " + size, randomText(random, size), randomText(random, size)));
        }
        // As the digest does it: shared pieces (the same String objects for every copy) around personal ones.
        String head = "Verdict Digest #42\nView online: https://app.verdicts.example.com/archive/42\n\n";
        String body = "THIS WEEK'S VERDICTS\n====================\n\n" + "Mixtral vs Codestral  \t ship\nwhy:  a  b \n".repeat(50) + "\n\n";
        String foot = "\nUnsubscribe: ";
        for (String name : new String[] {"Zoë", "Ann  Lee ", ""}) {
            SplicedText text = SplicedText.builder().shared(head).personal("Hello " + name + ",\n").shared(body)
                    .shared(foot).personal("https://app.verdicts.example.com/unsubscribe/t" + name.length()).shared("\n\n").build();
            SplicedText html = SplicedText.builder().shared("<html>\n<body>\n").personal("<p>Hi " + name + "</p>\n")
                    .shared(body.replace("\n", "<br>\n")).shared("</body>\n</html>\n").build();
            m.put("spliced for '" + name + "'", new PersonalMail("Spliced", html, text));
        }
        return m;
    }

    @Test
    void everySignedMessageVerifiesWithBothVerifiersAndCarriesTheLibrarysBodyHash() throws Exception {
        DkimSigning dkim = signing("jdk", false);
        // Hashed while built, and hashed afterwards from the bytes (a builder that was not told about DKIM).
        MessageBuilder hashing = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, CLOCK, dkim);
        MessageBuilder plain = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, CLOCK);
        DkimSigning.Signer signer = dkim.newSigner();
        int checked = 0;
        for (Map.Entry<String, PersonalMail> e : mails().entrySet()) {
            for (boolean textOnly : new boolean[] {false, true}) {
                ListRecipient r = new ListRecipient(7, "zoe@example.com", "Zoë Müller", "tok7", textOnly);
                for (MessageBuilder builder : List.of(hashing, plain)) {
                    String what = e.getKey() + (textOnly ? ", text only" : "") + (builder == hashing ? ", hashed while built" : ", hashed after");
                    PreparedMessage unsigned = builder.build(SESSION, 42, r, e.getValue());
                    byte[] signed = ((PreparedMessage) signer.sign(unsigned)).raw();

                    DkimVerifier.Result ours = DkimVerifier.verify(signed, rsa.getPublic());
                    assertThat(ours.bodyHashMatches()).as(what).isTrue();
                    assertThat(ours.signatureValid()).as(what).isTrue();
                    assertThat(ours.tags().get("bh")).as(what).isEqualTo(libraryBodyHash(unsigned)).isEqualTo(referenceBodyHash(unsigned));
                    assertThat(jamesPasses(signed, ours.tags().get("bh"))).as(what).extracting(SignatureRecord::getSelector)
                            .map(CharSequence::toString).containsExactly("mail");
                    assertThat(ours.signedHeaders()).as(what).contains("from", "reply-to", "to", "subject", "date",
                            "message-id", "mime-version", "content-type", "list-id", "list-unsubscribe",
                            "list-unsubscribe-post", "feedback-id");
                    assertThat(new String(signed, StandardCharsets.ISO_8859_1)).as(what).endsWith(
                            new String(unsigned.raw(), StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(mails().size() * 4);
    }

    @Test
    void aChangedHeaderOrBodyFailsBothVerifiers() throws Exception {
        DkimSigning dkim = signing("jdk", false);
        MessageBuilder builder = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, CLOCK, dkim);
        byte[] signed = ((PreparedMessage) dkim.newSigner().sign(builder.build(SESSION, 42,
                new ListRecipient(9, "dk@example.com", null, "tok9", false), MessageBuilderTest.MAIL))).raw();
        String text = new String(signed, StandardCharsets.ISO_8859_1);

        byte[] subject = text.replace("Subject: ", "Subject: Re: ").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(subject, rsa.getPublic()).signatureValid()).isFalse();
        assertThatThrownBy(() -> james(subject)).isInstanceOf(FailException.class);
        byte[] unsubscribe = text.replace("/unsubscribe/tok9", "/unsubscribe/tok8").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(unsubscribe, rsa.getPublic()).signatureValid()).isFalse();
        assertThatThrownBy(() -> james(unsubscribe)).isInstanceOf(FailException.class);
        byte[] body = text.replace("this week", "next week").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(body, rsa.getPublic()).bodyHashMatches()).isFalse();
        assertThatThrownBy(() -> james(body)).isInstanceOf(FailException.class);
        // Relaxed canonicalisation tolerates what relays do to blanks.
        byte[] spaced = text.replace("Subject: ", "Subject:    ").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(spaced, rsa.getPublic()).signatureValid()).isTrue();
        assertThat(james(spaced)).hasSize(1);
    }

    @Test
    void anyOtherMessageIsWrittenOutOnceAndSignedTheSameWay() throws Exception {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom("digest@verdicts.example.com");
        m.setRecipients(MimeMessage.RecipientType.TO, "reader@example.com");
        m.setSubject("Confirm your subscription", "UTF-8");
        m.setText("Please confirm:\nhttps://app.verdicts.example.com/confirm/x  \n\n\n", "UTF-8");
        m.saveChanges();

        MimeMessage signed = signing("jdk", false).newSigner().sign(m);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signed.writeTo(out);

        DkimVerifier.Result ours = DkimVerifier.verify(out.toByteArray(), rsa.getPublic());
        assertThat(ours.bodyHashMatches()).isTrue();
        assertThat(ours.signatureValid()).isTrue();
        assertThat(james(out.toByteArray())).hasSize(1);
        assertThat(ours.signedHeaders()).contains("from", "to", "subject", "date", "message-id", "mime-version", "content-type");
    }

    @Test
    void withAnEd25519KeyEveryMessageCarriesBothSignaturesAndRsaOnlyReceiversStillVerifyIt() throws Exception {
        DkimSigning dkim = signing("jdk", true);
        assertThat(dkim.algorithms()).containsExactly("rsa-sha256", "ed25519-sha256");
        MessageBuilder builder = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, CLOCK, dkim);
        DkimSigning.Signer signer = dkim.newSigner();
        for (Map.Entry<String, PersonalMail> e : mails().entrySet()) {
            byte[] signed = ((PreparedMessage) signer.sign(builder.build(SESSION, 42,
                    new ListRecipient(3, "ed@example.com", null, "tok3", false), e.getValue()))).raw();
            String text = new String(signed, StandardCharsets.ISO_8859_1);
            // RSA first: a receiver that reads only the first signature reads the one it knows.
            assertThat(text).as(e.getKey()).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
            assertThat(text.indexOf("a=ed25519-sha256")).as(e.getKey()).isGreaterThan(text.indexOf("a=rsa-sha256"));

            DkimVerifier.Result ed = DkimVerifier.verify(signed, ed25519.getPublic());
            assertThat(ed.tags()).as(e.getKey()).containsEntry("s", "ed").containsEntry("a", "ed25519-sha256");
            assertThat(ed.bodyHashMatches() && ed.signatureValid()).as(e.getKey()).isTrue();
            DkimVerifier.Result rsaResult = DkimVerifier.verify(signed, rsa.getPublic());
            assertThat(rsaResult.bodyHashMatches() && rsaResult.signatureValid()).as(e.getKey()).isTrue();
            // jDKIM knows no Ed25519: it passes the message on its RSA signature.
            assertThat(jamesPasses(signed, rsaResult.tags().get("bh"))).as(e.getKey()).extracting(SignatureRecord::getSelector)
                    .map(CharSequence::toString).containsExactly("mail");
        }
        byte[] tampered = new String(((PreparedMessage) signer.sign(builder.build(SESSION, 42,
                new ListRecipient(3, "ed@example.com", null, "tok3", false), MessageBuilderTest.MAIL))).raw(),
                StandardCharsets.ISO_8859_1).replace("Subject: ", "Subject: Re: ").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(tampered, ed25519.getPublic()).signatureValid()).isFalse();
    }

    @Test
    void theNativeProviderMakesTheSameSignaturesAsTheJdk() throws Exception {
        // RSA PKCS#1 v1.5 is deterministic: same key, same data, same bytes.
        MessageBuilder builder = com.verdictdigest.support.Identity.messageBuilder(MessageBuilderTest.SENDER, MessageBuilderTest.SITE, CLOCK);
        PreparedMessage unsigned = builder.build(SESSION, 42, new ListRecipient(5, "n@example.com", null, "tok5", false),
                MessageBuilderTest.MAIL);
        byte[] jdk = ((PreparedMessage) signing("jdk", true).newSigner().sign(unsigned)).raw();
        byte[] accp = ((PreparedMessage) signing("accp", true).newSigner().sign(unsigned)).raw();
        String jdkRsa = new String(jdk, StandardCharsets.ISO_8859_1).split("DKIM-Signature: ")[1];
        assertThat(new String(accp, StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: " + jdkRsa);
        // Ed25519 (RFC 8032) is deterministic too.
        assertThat(accp).isEqualTo(jdk);
        assertThat(james(accp)).hasSize(1);
    }

    @Test
    void misconfiguredKeysAreRefusedWithTheKeyName() {
        assertThatThrownBy(() -> signing("openssl", false)).hasMessageContaining("verdict.delivery.dkim.provider");
        DkimProperties sameSelector = new DkimProperties(true, "mail", rsaFile, null, "jdk", "mail", edFile);
        assertThatThrownBy(() -> new DkimSigning(sameSelector, MessageBuilderTest.SENDER, CLOCK))
                .hasMessageContaining("ed25519-selector");
        DkimProperties rsaAsEd = new DkimProperties(true, "mail", rsaFile, null, "jdk", "ed", rsaFile);
        assertThatThrownBy(() -> new DkimSigning(rsaAsEd, MessageBuilderTest.SENDER, CLOCK))
                .hasMessageContaining("mail.private.pem").hasMessageContaining("Ed25519");
    }

    @Test
    void theEd25519DnsRecordPublishesTheRawPublicKey() {
        String record = DkimKeys.dnsRecord("ed", "example.com", ed25519);
        assertThat(record).startsWith("ed._domainkey.example.com. IN TXT ( \"v=DKIM1; k=ed25519; p=");
        String p = record.replaceAll(".*p=([A-Za-z0-9+/=]+)\".*", "$1");
        byte[] spki = ed25519.getPublic().getEncoded();
        assertThat(Base64.getDecoder().decode(p)).hasSize(32)
                .isEqualTo(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /** SHA-256 of nothing: bh= of a body that is empty once canonicalised. */
    static final String EMPTY_BODY_HASH = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    /**
     * What jDKIM passes. An empty body is the one case where it cannot be a reference: it hashes
     * a CRLF for it (RFC 4871's rule), where RFC 6376 §3.4.4 hashes nothing ("if the body is
     * non-empty but does not end with CRLF, a CRLF is added"), as utils-mail-dkim and the tests'
     * verifier do. For those bodies the test checks that this is the only thing jDKIM objects to.
     */
    static List<SignatureRecord> jamesPasses(byte[] signed, String bh) throws Exception {
        if (!bh.equals(EMPTY_BODY_HASH)) {
            return james(signed);
        }
        assertThatThrownBy(() -> james(signed)).isInstanceOf(FailException.class)
                .hasMessageMatching("Computed bodyhash is different from the expected one|found 2 invalid signatures");
        byte[] oneEmptyLine = new String(signed, StandardCharsets.ISO_8859_1).replaceAll("bh=[^;]*;", "bh=frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=;")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> james(oneEmptyLine)).isInstanceOf(FailException.class)
                .hasMessageNotContaining("bodyhash"); // with its body hash, only the signature (over our bh=) fails
        return List.of(new org.apache.james.jdkim.tagvalue.SignatureRecordImpl(
                new String(signed, StandardCharsets.ISO_8859_1).replaceAll("(?s)^DKIM-Signature:(.*?)\r\n(?! |\t).*", "$1")));
    }

    /** Apache James jDKIM's verifier, its key lookup answered from the test's keys. */
    static List<SignatureRecord> james(byte[] message) throws Exception {
        return james(message, rsa.getPublic(), ed25519.getPublic());
    }

    static List<SignatureRecord> james(byte[] message, PublicKey rsaKey, PublicKey edKey) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            if (selector.toString().equals("ed")) {
                byte[] spki = edKey.getEncoded();
                return List.of("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
            }
            return List.of("v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(rsaKey.getEncoded()));
        });
        List<SignatureRecord> passed = verifier.verify(new ByteArrayInputStream(message));
        return passed == null ? List.of() : passed;
    }

    /** bh= as utils-mail-dkim computes it for the same message. */
    static String libraryBodyHash(PreparedMessage message) throws Exception {
        DkimSigner signer = new DkimSigner("verdicts.example.com", "mail", (java.security.interfaces.RSAPrivateKey) rsa.getPrivate());
        signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        signer.setCheckDomainKey(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DkimMessage(message, signer).writeTo(out);
        String header = out.toString(StandardCharsets.ISO_8859_1);
        return header.substring(0, header.indexOf("\r\n\r\n")).replaceAll("(?s).*\\bbh=([^;]*);.*", "$1").replaceAll("\\s+", "");
    }

    /** bh= from utils-mail-dkim's relaxed body canonicalisation of the bytes alone. */
    static String referenceBodyHash(PreparedMessage message) throws Exception {
        String all = new String(message.raw(), StandardCharsets.ISO_8859_1);
        String body = all.substring(all.indexOf("\r\n\r\n") + 4);
        String canonical = Canonicalization.RELAXED.canonicalizeBody(body);
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String randomText(Random random, int size) {
        String alphabet = "abc xyz  \t=.-éü€";
        StringBuilder s = new StringBuilder(size);
        List<String> breaks = new ArrayList<>(List.of("\n", "\r\n", "\n\n", " \n", "\t\r\n"));
        while (s.length() < size) {
            int k = random.nextInt(30);
            if (k == 0) {
                s.append(breaks.get(random.nextInt(breaks.size())));
            } else if (k == 1) {
                s.append("\ud83d\ude00");
            } else {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }
}
