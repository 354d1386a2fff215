-- The server's master key for MACs on links and identifiers we hand out (system.ServerSecret),
-- made on first use; verdict.secret overrides it. Shared by every instance on this database.
create table system_secret (
    name        varchar(40) primary key,
    secret      varchar(100) not null,
    created_at  timestamp with time zone not null
);
