package net.tandem.agent.vrrp;

/**
 * The states of a virtual router: RFC 5798 §6.4 (Initialize, Backup, Master) plus keepalived's
 * FAULT, entered when the interface or a tracked resource fails. The numbers are those of
 * keepalived's exporters ({@code keepalived_vrrp_state}), so existing dashboards read ours.
 */
public enum State {
    INITIALIZE(0),
    BACKUP(1),
    MASTER(2),
    FAULT(3);

    private final int metricValue;

    State(int metricValue) {
        this.metricValue = metricValue;
    }

    public int metricValue() {
        return metricValue;
    }
}
