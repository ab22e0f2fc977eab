-- A console account's own address for notices by email (ops/user --email, the console's password page).
-- Email to the supervisors or to the authority goes to the configured addresses and to the addresses of
-- that role's accounts, except an account disabled for good (locked_until = 'infinity': ops/user disable;
-- a lockout after failed sign-ins is temporary and stops no mail). The silo reads the three columns that
-- choose those addresses and nothing else of the table: no name, no password hash.

ALTER TABLE console_accounts ADD COLUMN IF NOT EXISTS email text NULL CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254);

GRANT SELECT (role, email, locked_until) ON console_accounts TO domains_silo;
