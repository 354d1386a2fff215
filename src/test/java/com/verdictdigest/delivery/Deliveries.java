package com.verdictdigest.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Delivery's API for what comes back (SendFeedback and its guard), assembled by hand for tests of other modules. */
public final class Deliveries {

    /** What the guard announced, in order. */
    public final List<Object> events = new CopyOnWriteArrayList<>();
    public final SendFeedback feedback;

    public Deliveries(DataSource ds) {
        this(ds, Config.defaults(SendGuardProperties.class));
    }

    public Deliveries(DataSource ds, SendGuardProperties guard) {
        DeliveryRepository repo = new DeliveryRepository(JdbcClient.create(ds), ds, Identity.tokens());
        DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
        SendStates states = new SendStates(repo, tx, events::add, Clock.systemUTC());
        feedback = new SendFeedback(repo, new SendGuard(repo, states, guard), tx);
    }
}
