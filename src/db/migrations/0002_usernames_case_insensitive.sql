-- Usernames are unique regardless of case ("Alice" and "alice" are one name), and sign-in looks
-- them up by lower(username): this index serves both on SQLite and PostgreSQL.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
