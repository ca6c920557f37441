package dev.incidentbot.integration.email;

/** The {@code smtp:} section and {@code SMTP_PASSWORD}; {@code user} empty means no authentication. */
record SmtpSettings(String host, int port, String from, boolean starttls, String user, String password) {
    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from " + from + ", starttls " + starttls + ", user " + user + "]";
    }
}
