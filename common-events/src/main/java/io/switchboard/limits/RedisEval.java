package io.switchboard.limits;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SharedLimiter.Redis} over a service's own Quarkus Redis client: {@code EVAL script numkeys keys... args...},
 * the script's table of integers read back as longs. Shared by message-api's and the socket services' limits (the
 * Redis client is theirs; this module only compiles against it).
 */
public final class RedisEval {
    private RedisEval() {
    }

    /** The limiter's scripts run through {@code redis}. */
    public static SharedLimiter.Redis over(ReactiveRedisDataSource redis) {
        return (script, keys, args) -> {
            List<String> command = new ArrayList<>(2 + keys.size() + args.size());
            command.add(script);
            command.add(Integer.toString(keys.size()));
            command.addAll(keys);
            command.addAll(args);
            return redis.execute("EVAL", command.toArray(new String[0])).map(RedisEval::longs)
                    .subscribeAsCompletionStage();
        };
    }

    static List<Long> longs(Response r) {
        List<Long> out = new ArrayList<>();
        if (r != null) {
            for (Response item : r) {
                out.add(item.toLong());
            }
        }
        return out;
    }
}
