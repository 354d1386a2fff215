package com.verdictdigest.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What one attempt to hand a message to the SMTP server came to, from the server's reply or the
 * exception Angus threw: Angus reports a refused RCPT as a {@link SendFailedException} with the
 * code in a nested {@link SMTPAddressFailedException}, a refused MAIL/DATA as
 * {@link SMTPSendFailedException}, and a lost connection as an I/O cause or, later, as
 * {@code IllegalStateException: Not connected}.
 */
public record SmtpOutcome(Kind kind, int code, String reply) {

    public enum Kind {
        /** 250 after DATA: mark sent. */
        SENT,
        /** 4xx: try again later. */
        RETRY,
        /** The connection failed or dropped: reconnect and try again later. */
        CONNECTION,
        /** 5xx: the row fails. */
        FAILED,
        /** 5xx saying the address does not exist: the row fails and the address is suppressed. */
        HARD_BOUNCE
    }

    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final Pattern UNKNOWN_USER = Pattern.compile(
            "(?i)user unknown|unknown user|no such (user|mailbox|recipient)|does not exist|invalid (recipient|mailbox)|"
                    + "recipient address rejected: user unknown|mailbox not found");

    public static SmtpOutcome sent(String reply) {
        return new SmtpOutcome(Kind.SENT, 250, reply == null ? "250" : reply.strip());
    }

    public static SmtpOutcome connection(String what) {
        return new SmtpOutcome(Kind.CONNECTION, -1, what);
    }

    public static SmtpOutcome of(Exception e) {
        if (e instanceof IllegalStateException) {
            return connection(e.getMessage());
        }
        if (e instanceof MessagingException me) {
            SMTPAddressFailedException address = find(me, SMTPAddressFailedException.class);
            if (address != null) {
                return reply(address.getReturnCode(), address.getMessage());
            }
            SMTPSendFailedException send = find(me, SMTPSendFailedException.class);
            if (send != null && send.getReturnCode() > 0) {
                return reply(send.getReturnCode(), send.getMessage());
            }
        }
        return connection(describe(e));
    }

    public static SmtpOutcome reply(int code, String text) {
        String reply = text == null ? String.valueOf(code) : text.strip();
        if (code >= 400 && code < 500) {
            return new SmtpOutcome(Kind.RETRY, code, reply);
        }
        if (code >= 500 && code < 600) {
            return new SmtpOutcome(isHardBounce(code, reply) ? Kind.HARD_BOUNCE : Kind.FAILED, code, reply);
        }
        return connection("unexpected reply " + reply);
    }

    /**
     * Hard means the address is bad: 5.1.x bad mailbox/host/moved (not 5.1.7/5.1.8, which are about
     * our sender address), 5.2.1 disabled, or a bare 550/551/553 that says the user is unknown.
     * 5.7.x (policy, reputation) is not: suppressing good addresses for our own problem would be wrong.
     */
    static boolean isHardBounce(int code, String reply) {
        Matcher m = ENHANCED.matcher(reply);
        if (m.find()) {
            String cls = m.group(1) + "." + m.group(2);
            String detail = m.group(3);
            return m.group(1).equals("5") && ((cls.equals("5.1") && !detail.equals("7") && !detail.equals("8"))
                    || (cls.equals("5.2") && detail.equals("1")));
        }
        return (code == 550 || code == 551 || code == 553) && UNKNOWN_USER.matcher(reply).find();
    }

    /** The enhanced status code (e.g. 5.1.1) in the reply, or the basic code. */
    public String status() {
        Matcher m = ENHANCED.matcher(reply == null ? "" : reply);
        return m.find() ? m.group() : String.valueOf(code);
    }

    private static <T extends Exception> T find(MessagingException e, Class<T> type) {
        Exception x = e;
        for (int depth = 0; x != null && depth < 10; depth++) {
            if (type.isInstance(x)) {
                return type.cast(x);
            }
            x = x instanceof MessagingException m ? m.getNextException() : null;
        }
        return null;
    }

    public static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable c = e.getCause();
        for (int depth = 0; c != null && c != e && depth < 5; depth++, c = c.getCause()) {
            s.append(" (").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
        }
        return s.length() > 900 ? s.substring(0, 900) : s.toString();
    }
}
