package com.verdictdigest.subscribers;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The decoded text/plain part of a received mail. */
final class MailText {

    private MailText() {
    }

    static String plain(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart p = mp.getBodyPart(i);
                String text = plain(p);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
