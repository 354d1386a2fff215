/**
 * Content to bytes on an SMTP connection, for every mail the product sends: addresses, header
 * safety, quoted-printable, MIME, DKIM, the pipelined SMTP channel. Owns no table.
 */
@ApplicationModule(displayName = "Mail", allowedDependencies = "system")
package com.verdictdigest.mail;

import org.springframework.modulith.ApplicationModule;
