package io.switchboard.api.config;

import io.switchboard.events.Channels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the configured channel names ({@code switchboard.channels.*}) injectable, as socket-core does. */
@ApplicationScoped
public class ChannelsProducer {
    @Produces
    @Singleton
    Channels channels(SwitchboardConfig config) {
        return new Channels(config.channels().wsPrefix(), config.channels().notificationsPrefix());
    }
}
