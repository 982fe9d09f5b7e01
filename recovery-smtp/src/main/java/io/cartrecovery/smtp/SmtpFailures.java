package io.cartrecovery.smtp;

import io.cartrecovery.core.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a failed SMTP transaction. Permanent means "this recipient cannot receive mail" and makes the engine
 * suppress the address, so it is reserved for replies about the recipient: a 5xx to {@code RCPT TO} (unless its
 * enhanced status blames the system, the protocol or a policy, or it is 552, which RFC 5321 treats as 452), or a
 * 5xx with enhanced status 5.1.x or 5.2.1 after {@code DATA}. Everything else (4xx, 5xx to {@code MAIL FROM} or
 * for the content, authentication, I/O errors, timeouts) is transient: the engine retries, then records a dead
 * letter, and no customer is suppressed because the store's own configuration is wrong.
 * Details carry reply codes only: server texts may quote the address.
 */
final class SmtpFailures {
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    /** What a failure means for the engine, and whether the connection must be dropped. */
    record Failure(SendResult result, boolean dropConnection) {}

    private SmtpFailures() {}

    static Failure classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return new Failure(SendResult.transientFailure("SMTP authentication failed"), true);
        }
        if (e instanceof SMTPSendFailedException failed) {
            return reply(stage(failed.getCommand()), failed.getReturnCode(), failed.getMessage());
        }
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException()
                : null) {
            if (next instanceof SMTPAddressFailedException rcpt) {
                return reply("RCPT", rcpt.getReturnCode(), rcpt.getMessage());
            }
        }
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new Failure(SendResult.transientFailure("SMTP timeout"), true);
            }
            if (cause instanceof IOException) {
                return new Failure(SendResult.transientFailure("SMTP connection failed: "
                        + cause.getClass().getSimpleName()), true);
            }
        }
        return new Failure(SendResult.transientFailure("SMTP error: " + e.getClass().getSimpleName()), true);
    }

    private static Failure reply(String stage, int code, String response) {
        if (code < 400 || code > 599) { // -1: the server closed the connection or answered garbage
            return new Failure(SendResult.transientFailure("SMTP connection lost at " + stage), true);
        }
        Matcher enhanced = ENHANCED.matcher(response == null ? "" : response.strip());
        String status = enhanced.find() ? enhanced.group(1) + "." + enhanced.group(2) + "." + enhanced.group(3) : null;
        String detail = "SMTP " + code + (status == null ? "" : " " + status) + " at " + stage;
        if (code >= 500 && aboutRecipient(stage, code, status)) {
            return new Failure(SendResult.permanentFailure(detail), false);
        }
        return new Failure(SendResult.transientFailure(detail), code == 421); // 421: the server is closing
    }

    private static boolean aboutRecipient(String stage, int code, String status) {
        if ("RCPT".equals(stage)) {
            return code != 552 && (status == null
                    || !(status.startsWith("5.3.") || status.startsWith("5.5.") || status.startsWith("5.7.")));
        }
        if ("DATA".equals(stage) || "end of data".equals(stage)) {
            return status != null && (status.startsWith("5.1.") || status.equals("5.2.1"));
        }
        return false;
    }

    private static String stage(String command) {
        if (command == null) {
            return "command";
        }
        if (command.startsWith("MAIL")) {
            return "MAIL FROM";
        }
        if (command.equals(".")) {
            return "end of data";
        }
        return command.startsWith("DATA") ? "DATA" : "command";
    }
}
