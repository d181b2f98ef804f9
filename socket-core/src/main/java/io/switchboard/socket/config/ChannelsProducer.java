package io.switchboard.socket.config;

import io.switchboard.events.Channels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the configured channel names injectable. */
@ApplicationScoped
public class ChannelsProducer {

    @Produces
    @ApplicationScoped
    Channels channels(SocketConfig config) {
        return new Channels(config.channels().wsPrefix(), config.channels().notificationsPrefix());
    }
}
