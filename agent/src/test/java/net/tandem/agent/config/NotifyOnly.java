package net.tandem.agent.config;

import java.util.List;

/**
 * Tests about something else write instances without {@code virtual_ipaddress}; those are notify-only instances,
 * which are warned about (as keepalived does; see NotifyOnlyInstanceConfigTest). This leaves that warning out.
 */
final class NotifyOnly {

    private NotifyOnly() {}

    static List<Diagnostic> besidesNotifyOnlyWarnings(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .filter(d -> !(d.message()
                        .endsWith(": no virtual_ipaddress: runs as a notify-only instance"
                                + " (adverts carry no address), as keepalived does; add \"no_virtual_ipaddress\" if that is"
                                + " meant")))
                .toList();
    }
}
