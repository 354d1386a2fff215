package com.verdictdigest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.verdictdigest.mail.DkimProperties;
import com.verdictdigest.support.Identity;
import com.verdictdigest.system.SenderProperties;
import com.verdictdigest.system.SiteProperties;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The message each subscriber receives: headers, body structure, encodings, injection, DKIM. */
class MessageBuilderTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final SenderProperties SENDER = new SenderProperties("digest@verdicts.example.com", "Verdict Digest",
            "editors@verdicts.example.com", "verdicts.example.com");
    static final SiteProperties SITE = new SiteProperties("Verdict Digest", "https://verdicts.example.com",
            "https://app.verdicts.example.com", "1 Example Street");

    static final Clock NOW_CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    final MessageBuilder builder = Identity.messageBuilder(SENDER, SITE, NOW_CLOCK);
    final Session session = Session.getInstance(new java.util.Properties());

    static ListRecipient row(long subscriberId, String email, String name, String token) {
        return new ListRecipient(subscriberId, email, name, token, false);
    }

    static final PersonalMail MAIL = new PersonalMail("Verdicts: Codestral 2.1 vs Mixtral — 3 new tools ✓",
            "<html><body><p>Hallo Zoë, this week: Codestral = ship.</p></body></html>",
            "Hallo Zoë, this week: Codestral = ship.\n\n" + "A long line ".repeat(20) + "\n.dot line\n");

    MimeMessage sendAndReceive(jakarta.mail.internet.MimeMessage message, String rcpt) throws Exception {
        try (SmtpChannel channel = new SmtpChannel(new SmtpChannel.Server("127.0.0.1", greenMail.getSmtp().getPort(), null, null, null))) {
            channel.connect();
            String reply = channel.send(message, ((org.eclipse.angus.mail.smtp.SMTPMessage) message).getEnvelopeFrom(), rcpt);
            assertThat(reply).startsWith("250");
        }
        greenMail.waitForIncomingEmail(5000, 1);
        return greenMail.getReceivedMessages()[greenMail.getReceivedMessages().length - 1];
    }

    @Test
    void everyBulkSenderHeaderIsThereAndTheBodyIsTextThenHtml() throws Exception {
        PreparedMessage prepared = builder.build(session, 42, row(7, "zoe@bücher.example", "Zoë Müller", "tok_7-A"), MAIL);

        MimeMessage got = sendAndReceive(prepared, prepared.recipient());

        assertThat(got.getHeader("From")[0]).isEqualTo("Verdict Digest <digest@verdicts.example.com>");
        assertThat(got.getHeader("Reply-To")[0]).isEqualTo("editors@verdicts.example.com");
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(got.getHeader("To")[0])))
                .isEqualTo("Zoë Müller <zoe@xn--bcher-kva.example>");
        assertThat(got.getSubject()).isEqualTo(MAIL.subject());
        assertThat(got.getHeader("Subject")[0]).doesNotContain("—").contains("=?UTF-8?Q?");
        assertThat(got.getHeader("Date")[0]).isEqualTo("Mon, 23 Nov 2026 08:00:00 +0000");
        ListMessageIds ids = Identity.messageIds(SENDER);
        assertThat(got.getMessageID()).isEqualTo("<digest-42-7-" + ids.mac(42, 7) + "@verdicts.example.com>");
        assertThat(got.getHeader("List-Id")[0]).isEqualTo("\"Verdict Digest\" <verdict-digest.verdicts.example.com>");
        assertThat(MimeUtility.unfold(got.getHeader("List-Unsubscribe")[0])).isEqualTo(
                "<https://app.verdicts.example.com/unsubscribe/tok_7-A>, <mailto:unsubscribe+tok_7-A@verdicts.example.com>");
        assertThat(got.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(got.getHeader("Feedback-ID")[0]).isEqualTo("issue-42:verdict-digest:digest:verdicts.example.com");
        assertThat(got.getHeader("Return-Path")[0]).isEqualTo("<bounces+16-7-" + ids.mac(42, 7) + "@verdicts.example.com>");
        assertThat(got.getAllRecipients()[0].toString()).contains("zoe@xn--bcher-kva.example");

        assertThat(got.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) got.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        Part html = parts.getBodyPart(1);
        assertThat(text.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(html.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(text.getHeader("Content-Transfer-Encoding")[0]).isEqualTo("quoted-printable");
        assertThat(((String) text.getContent()).replace("\r\n", "\n")).isEqualTo(MAIL.text().toString());
        assertThat(html.getContent()).isEqualTo(MAIL.html().toString());
    }

    @Test
    void theMessageIdIsTheSameForTheSameIssueAndSubscriber() {
        PreparedMessage first = builder.build(session, 42, row(7, "a@example.com", null, "t1"), MAIL);
        PreparedMessage again = builder.build(session, 42, row(7, "a@example.com", null, "t1"), MAIL);
        PreparedMessage other = builder.build(session, 43, row(7, "a@example.com", null, "t1"), MAIL);

        assertThat(again.messageIdValue()).isEqualTo(first.messageIdValue());
        assertThat(other.messageIdValue()).isNotEqualTo(first.messageIdValue());
    }

    @Test
    void theMessageIdAndVerpAddressCannotBeGuessedAndOnlyOursVerify() {
        ListMessageIds ids = Identity.messageIds(SENDER);
        PreparedMessage prepared = builder.build(session, 42, row(7, "a@example.com", null, "t1"), MAIL);
        String verp = prepared.getEnvelopeFrom().substring("bounces+".length(), prepared.getEnvelopeFrom().indexOf('@'));

        assertThat(ids.fromMessageId(prepared.messageIdValue())).contains(new ListMessageIds.Copy(42, 7));
        assertThat(ids.fromVerpToken(verp)).contains(new ListMessageIds.Copy(42, 7));
        assertThat(ids.fromVerpToken(verp.toUpperCase())).as("a lower-cased or upper-cased local part still verifies")
                .contains(new ListMessageIds.Copy(42, 7));
        // The predictable ids of release 0.1, another subscriber's numbers with this MAC, another key's MAC: none verifies.
        assertThat(ids.fromMessageId("<digest-42-7@verdicts.example.com>")).isEmpty();
        assertThat(ids.fromMessageId(prepared.messageIdValue().replace("-42-7-", "-42-8-"))).isEmpty();
        assertThat(new ListMessageIds(Identity.secret(java.util.Base64.getEncoder().encodeToString(new byte[32])), SENDER)
                .fromMessageId(prepared.messageIdValue())).isEmpty();
        assertThat(ids.firstOfOurs(ListMessageIds.candidatesIn("In-Reply-To: <x@y>\nReferences: " + prepared.messageIdValue() + "\n")))
                .contains(new ListMessageIds.Copy(42, 7));
    }

    @Test
    void theMailtoIsOfferedOnlyWhenAMailboxReadsIt() throws Exception {
        MessageBuilder unread = new MessageBuilder(SENDER, SITE, Clock.systemUTC(), null, Identity.messageIds(SENDER), () -> false);

        String header = unread.build(session, 42, row(7, "a@example.com", null, "t1"), MAIL).getHeader("List-Unsubscribe", null);

        assertThat(header.strip()).isEqualTo("<https://app.verdicts.example.com/unsubscribe/t1>");
    }

    @Test
    void whetherAMailboxReadsTheMailtoIsAskedOnceNotPerRecipient() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        MessageBuilder read = new MessageBuilder(SENDER, SITE, Clock.systemUTC(), null, Identity.messageIds(SENDER), () -> {
            asked.incrementAndGet();
            return true;
        });

        for (int i = 1; i <= 3; i++) {
            String header = read.build(session, 42, row(i, "a" + i + "@example.com", null, "t" + i), MAIL)
                    .getHeader("List-Unsubscribe", null);
            assertThat(header).contains("<mailto:unsubscribe+t" + i + "@");
        }
        assertThat(asked).as("the configuration decides it; the send loop does not ask again").hasValue(1);
    }

    @Test
    void aTextOnlySubscriberGetsOneTextPart() throws Exception {
        ListRecipient textOnly = new ListRecipient(8, "t@example.com", null, "t8", true);
        MimeMessage got = new MimeMessage(session, new ByteArrayInputStream(builder.build(session, 42, textOnly, MAIL).raw()));

        assertThat(got.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(((String) got.getContent()).replace("\r\n", "\n")).isEqualTo(MAIL.text().toString());
    }

    @Test
    void lineBreaksAndControlCharactersFromDataNeverReachAHeader() {
        PersonalMail injectedSubject = new PersonalMail("Hi\r\nBcc: everyone@example.com", null, "x");
        assertThatThrownBy(() -> builder.build(session, 42, row(1, "a@example.com", null, "t1"), injectedSubject))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("Subject");
        assertThatThrownBy(() -> builder.build(session, 42, row(1, "a@example.com", "Eve\nBcc: x@example.com", "t1"), MAIL))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("To");
        assertThatThrownBy(() -> builder.build(session, 42, row(1, "a@example.com\r\nBcc: x@example.com", null, "t1"), MAIL))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("To");
        assertThatThrownBy(() -> builder.build(session, 42, row(1, "a@example.com", null, "t1>\r\nX: y"), MAIL))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> builder.build(session, 42, row(1, "a@example.com", "Tab\u0085Name", "t1"), MAIL))
                .isInstanceOf(InvalidHeaderException.class);
        MessageBuilder badSite = Identity.messageBuilder(SENDER, new SiteProperties("Evil\r\nX-Injected: 1",
                SITE.baseUrl(), SITE.publicUrl(), SITE.postalAddress()), Clock.systemUTC());
        assertThatThrownBy(() -> badSite.build(session, 1, row(1, "a@example.com", null, "t1"), MAIL))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("List-Id");
    }

    @Test
    void quotedPrintableRoundTripsAnyTextWithShortLines() throws Exception {
        Random random = new Random(7);
        String alphabet = "ab =.\t\r\n\u00e9\u20acxyz-_";
        for (int n = 0; n < 300; n++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(400);
            for (int i = 0; i < len; i++) {
                s.append(random.nextInt(10) == 0 ? "\ud83d\ude00" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length() - 2))));
            }
            String text = s.toString();
            byte[] qp = QuotedPrintable.encode(text);
            String encoded = new String(qp, StandardCharsets.US_ASCII);
            for (String line : encoded.split("\r\n", -1)) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(76);
                assertThat(line).doesNotStartWith(".").doesNotEndWith(" ").doesNotEndWith("\t");
            }
            assertThat(encoded).doesNotContain("=_").doesNotContain("\n\n").doesNotContainPattern("[^\r]\n");
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            MimeUtility.decode(new ByteArrayInputStream(qp), "quoted-printable").transferTo(decoded);
            String expected = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
            assertThat(decoded.toString(StandardCharsets.UTF_8)).as(encoded.replace("\r", "<CR>").replace("\n", "<LF>\n")).isEqualTo(expected);
        }
    }

    @Test
    void dkimSignatureCoversTheBulkHeadersAndVerifiesWithThePublicKey(@TempDir Path dir) throws Exception {
        KeyPair pair = DkimKeys.generate();
        Path keyFile = dir.resolve("mail.private.pem");
        Files.writeString(keyFile, DkimKeys.privatePem(pair));
        DkimSigning.Signer signer = new DkimSigning(new DkimProperties(true, "mail", keyFile, null), SENDER).newSigner();
        PreparedMessage prepared = builder.build(session, 42, row(9, "dk@example.com", "Dee Kim", "tok9"), MAIL);

        MimeMessage got = sendAndReceive(signer.sign(prepared), prepared.recipient());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        got.writeTo(raw);

        DkimVerifier.Result result = DkimVerifier.verify(raw.toByteArray(), pair.getPublic());
        assertThat(result.tags()).containsEntry("d", "verdicts.example.com").containsEntry("s", "mail");
        assertThat(result.signedHeaders()).contains("from", "to", "subject", "date", "message-id", "list-id",
                "list-unsubscribe", "list-unsubscribe-post", "feedback-id");
        assertThat(result.bodyHashMatches()).isTrue();
        assertThat(result.signatureValid()).isTrue();
        assertThat(got.getHeader("Return-Path")[0]).startsWith("<bounces+16-9-");

        // The same check fails for a tampered message, so it is not vacuous.
        byte[] tampered = new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)
                .replace("Subject: ", "Subject: Re: ").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(tampered, pair.getPublic()).signatureValid()).isFalse();
        byte[] otherBody = new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)
                .replace("this week", "next week").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimVerifier.verify(otherBody, pair.getPublic()).bodyHashMatches()).isFalse();
    }

    @Test
    void aShortOrMissingDkimKeyIsRefusedWithTheFileName(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> DkimKeys.readPrivateKey(missing)).hasMessageContaining("nope.pem");
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        Path weak = dir.resolve("weak.pem");
        Files.writeString(weak, DkimKeys.privatePem(g.generateKeyPair()));
        assertThatThrownBy(() -> DkimKeys.readPrivateKey(weak)).hasMessageContaining("1024-bit");
        String record = DkimKeys.dnsRecord("mail", "example.com", DkimKeys.generate());
        assertThat(record).startsWith("mail._domainkey.example.com. IN TXT ( \"v=DKIM1; k=rsa; p=MII");
        List<String> strings = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(record).results().map(m -> m.group(1)).toList();
        assertThat(strings).hasSizeGreaterThan(1).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(255));
    }
}
