package io.switchboard.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import org.hibernate.annotations.Generated;

/**
 * What every table with a {@code BIGSERIAL} key has: the id PostgreSQL assigns on insert and the {@code created_at}
 * it stamps ({@code DEFAULT now()}), both read back in the insert's own statement.
 */
@MappedSuperclass
public abstract class Stored extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
