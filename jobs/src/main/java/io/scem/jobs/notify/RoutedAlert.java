package io.scem.jobs.notify;

import io.scem.core.alert.Alert;

/** An alert on its way to one notification group (a route and the values of its group_by fields). */
public class RoutedAlert {
    public String groupKey;
    public Alert alert;

    public RoutedAlert() {}

    public RoutedAlert(String groupKey, Alert alert) {
        this.groupKey = groupKey;
        this.alert = alert;
    }
}
