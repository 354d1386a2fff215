package com.verdictdigest.bounces;

import jakarta.validation.constraints.AssertTrue;

/**
 * Where a polled mailbox is and how to log in: what the bounce mailbox's and the unsubscribe
 * mailbox's properties share (each keeps its own keys and defaults).
 */
interface MailboxSettings {

    String protocol();

    String host();

    Integer port();

    String user();

    String password();

    String folder();

    /** null: processed messages are deleted. */
    String processedFolder();

    /** Moving processed messages back into the folder read would read them again on every poll. */
    @AssertTrue(message = "processed-folder must differ from the folder read, or every poll would read the same messages again")
    default boolean isProcessedFolderApart() {
        return processedFolder() == null || !processedFolder().equalsIgnoreCase(folder());
    }

    /** {@code protocol://user@host:port/folder}, without the password: for toString, which may end up in a log. */
    default String location() {
        return protocol() + "://" + user() + "@" + host() + (port() == null ? "" : ":" + port()) + "/" + folder();
    }
}
