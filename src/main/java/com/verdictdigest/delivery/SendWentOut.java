package com.verdictdigest.delivery;

/**
 * The send's first mail was accepted by the SMTP server: the issue is out (for a local-time send,
 * its first wave has begun). Announced once per send, whichever instance sent that mail.
 */
public record SendWentOut(long issueNumber) implements SendEvent {
}
