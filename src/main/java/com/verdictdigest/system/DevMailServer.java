package com.verdictdigest.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The embedded mail server of demo mode: a real SMTP + IMAP server (GreenMail) on free loopback
 * ports that accepts every recipient, so a new user can read what the product sends.
 */
public final class DevMailServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final int smtpPort;
    private final int imapPort;

    private DevMailServer(GreenMail greenMail, int smtpPort, int imapPort) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    public static DevMailServer start() {
        int smtp = freePort();
        int imap = freePort();
        GreenMail gm = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        gm.start();
        return new DevMailServer(gm, smtp, imap);
    }

    /**
     * Routes mail to the list's own addresses on {@code domain} as a mail server with
     * subaddressing does: every {@code bounces+TOKEN@domain} (VERP) into the mailbox
     * {@code bounces@domain}, every {@code unsubscribe+TOKEN@domain} (List-Unsubscribe) into
     * {@code unsubscribe@domain}, each with its address as login and password, so the demo can poll
     * them. Other recipients get a mailbox of their own, as before.
     */
    public void routeListAddresses(String domain) {
        UserManager users = greenMail.getUserManager();
        for (String local : new String[] {"bounces", "unsubscribe"}) {
            String address = local + "@" + domain;
            if (users.getUserByEmail(address) == null) {
                greenMail.setUser(address, address, address);
            }
        }
        users.setMessageDeliveryHandler((message, to) -> {
            String email = to.getEmail();
            int plus = email.indexOf('+');
            int at = email.lastIndexOf('@');
            if (plus > 0 && at > plus && email.substring(at + 1).equalsIgnoreCase(domain)) {
                String local = email.substring(0, plus).toLowerCase(java.util.Locale.ROOT);
                if (local.equals("bounces") || local.equals("unsubscribe")) {
                    email = local + "@" + domain;
                }
            }
            GreenMailUser user = users.getUserByEmail(email);
            return user != null ? user : users.createUser(email, email, email);
        });
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** A free loopback port now (the demo picks the web port before booting, for links in mail). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port for the dev mail server", e);
        }
    }
}
