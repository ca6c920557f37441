package dev.incidentbot.integration.email;

import dev.incidentbot.chat.DeliveryException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends one multipart/alternative message (plain text and HTML) through the configured SMTP server. A message sent
 * again after a crash keeps its {@code Message-ID}, so mail clients can tell the copy. 4xx and network errors are
 * retried; 5xx, a refused login and refused addresses are not.
 */
final class SmtpSender {
    private final SmtpSettings settings;
    private final Session session;

    SmtpSender(SmtpSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        if (settings.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        p.put("mail.smtp.auth", Boolean.toString(!settings.user().isEmpty()));
        this.session = Session.getInstance(p);
    }

    void send(List<String> to, String subject, String text, String html, String messageId, Date sentAt) {
        try {
            MimeMessage m = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            m.setFrom(new InternetAddress(settings.from()));
            Address[] recipients = new Address[to.size()];
            for (int i = 0; i < to.size(); i++) {
                recipients[i] = new InternetAddress(to.get(i));
            }
            m.setRecipients(Message.RecipientType.TO, recipients);
            m.setSubject(subject, StandardCharsets.UTF_8.name());
            m.setSentDate(sentAt);
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative", plain, rich);
            m.setContent(alternative);
            m.saveChanges();
            if (settings.user().isEmpty()) {
                Transport.send(m);
            } else {
                Transport.send(m, settings.user(), settings.password());
            }
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException.Permanent("the SMTP server refused the login of " + settings.user() + ": " + e.getMessage(), e);
        } catch (SendFailedException e) {
            int code = returnCode(e);
            if (code >= 400 && code < 500) {
                throw new DeliveryException.Retryable("the SMTP server deferred the message (" + code + "): " + e.getMessage(), e);
            }
            throw new DeliveryException.Permanent("the SMTP server refused the message: " + e.getMessage(), e);
        } catch (MessagingException e) {
            if (String.valueOf(e.getMessage()).contains("STARTTLS is required")) {
                // Never fall back to clear text: the login and the incident would cross the network readable.
                throw new DeliveryException.Permanent("the SMTP server " + settings.host() + ":" + settings.port()
                        + " offers no STARTTLS and smtp.starttls is true; nothing was sent", e);
            }
            int code = returnCode(e);
            if (code >= 500) {
                throw new DeliveryException.Permanent("the SMTP server refused the message (" + code + "): " + e.getMessage(), e);
            }
            throw new DeliveryException.Retryable("SMTP " + settings.host() + ":" + settings.port() + " failed: " + e.getMessage(), e);
        }
    }

    /** The SMTP reply code Angus Mail attached, or 0. */
    private static int returnCode(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            t = t instanceof MessagingException me && me.getNextException() != null ? me.getNextException() : t.getCause();
            if (t == e) {
                break;
            }
        }
        return 0;
    }
}
