-- Bounce mailbox messages already acted on, so that a message seen again (a crash between the
-- commit and the delete in the mailbox, an mbox imported twice, two instances polling at once)
-- never counts twice. Only a hash of the message's identity is kept, no addresses.
create table processed_bounce (
    message_hash  varchar(64) primary key,   -- hex SHA-256 of "mid:<Message-ID>" or of the raw bytes
    processed_at  timestamp with time zone not null,
    summary       varchar(200) not null      -- "hard 5.1.1: no such user ..."
);
create index processed_bounce_at_idx on processed_bounce (processed_at);
