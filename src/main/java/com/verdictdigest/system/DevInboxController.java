package com.verdictdigest.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The demo's dev inbox: every mail the embedded GreenMail received, so a new user can sign up,
 * open the confirmation mail and confirm, all on localhost. Exists only in demo mode (bean
 * "devMailServer"); 404 otherwise. Mail HTML is shown in a sandboxed iframe (no scripts, no
 * same origin); its http(s) links are listed beside it.
 */
@Controller
class DevInboxController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

    /** One row of the inbox. */
    public record Summary(int id, String from, String to, String subject, String received) {
    }

    /** One mail, decoded. */
    public record Message(int id, String from, String to, String subject, String received, String text, String html,
                          List<String> links, List<String> headers) {
    }

    private final ObjectProvider<DevMailServer> devMailServer;

    DevInboxController(ObjectProvider<DevMailServer> devMailServer) {
        this.devMailServer = devMailServer;
    }

    @GetMapping("/dev/inbox")
    String inbox(Model model) throws MessagingException {
        MimeMessage[] messages = messages();
        List<Summary> rows = new ArrayList<>();
        for (int i = messages.length - 1; i >= 0; i--) {
            MimeMessage m = messages[i];
            rows.add(new Summary(i, addresses(m.getFrom()), addresses(m.getAllRecipients()), subject(m), received(m)));
        }
        model.addAttribute("messages", rows);
        return "web/dev-inbox";
    }

    @GetMapping("/dev/inbox/{id}")
    String message(@PathVariable int id, Model model) throws MessagingException, IOException {
        MimeMessage[] messages = messages();
        if (id < 0 || id >= messages.length) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message");
        }
        MimeMessage m = messages[id];
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        collect(m, text, html);
        Set<String> links = new LinkedHashSet<>();
        if (!html.isEmpty()) {
            for (Element a : Jsoup.parse(html.toString()).select("a[href]")) {
                String href = a.attr("href");
                if (href.startsWith("http://") || href.startsWith("https://")) {
                    links.add(href);
                }
            }
        }
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            links.add(matcher.group());
        }
        List<String> headers = new ArrayList<>();
        for (String name : List.of("Message-ID", "Reply-To", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
                "Auto-Submitted", "DKIM-Signature")) {
            String[] values = m.getHeader(name);
            if (values != null) {
                Arrays.stream(values).forEach(v -> headers.add(name + ": " + v));
            }
        }
        model.addAttribute("message", new Message(id, addresses(m.getFrom()), addresses(m.getAllRecipients()),
                subject(m), received(m), text.toString(), html.toString(), List.copyOf(links), headers));
        return "web/dev-inbox-message";
    }

    /** The mail as it arrived, for a mail client or a spam filter (bench/spamcheck). */
    @GetMapping("/dev/inbox/{id}.eml")
    ResponseEntity<byte[]> raw(@PathVariable int id) throws MessagingException, IOException {
        MimeMessage[] messages = messages();
        if (id < 0 || id >= messages.length) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages[id].writeTo(out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("message/rfc822"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"message-" + id + ".eml\"")
                .body(out.toByteArray());
    }

    private MimeMessage[] messages() {
        DevMailServer server = devMailServer.getIfAvailable();
        if (server == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return server.greenMail().getReceivedMessages();
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), text, html);
            }
        } else if (part.isMimeType("text/plain") && text.isEmpty()) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html") && html.isEmpty()) {
            html.append(part.getContent());
        }
    }

    private static String subject(MimeMessage m) throws MessagingException {
        return m.getSubject() == null ? "(no subject)" : m.getSubject();
    }

    private static String received(MimeMessage m) throws MessagingException {
        java.util.Date d = m.getReceivedDate() != null ? m.getReceivedDate() : m.getSentDate();
        return d == null ? "" : WHEN.format(d.toInstant());
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
    }
}
