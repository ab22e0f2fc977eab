-- The workspace driver ends a workspace's sessions through pg_signal_backend instead of being a member
-- of every workspace role: 10,000 memberships slowed every privilege check of the driver's login and
-- the session kill 18× (BENCHMARKS.md, after Hardening II). The memberships granted before are
-- taken back; the driver now holds one only inside the transaction that deletes a workspace.
GRANT pg_signal_backend TO domains_provisioner;

DO $$
DECLARE
    workspace_role text;
BEGIN
    FOR workspace_role IN
        SELECT g.rolname FROM pg_auth_members m
        JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
        WHERE r.rolname = 'domains_provisioner' AND g.rolname LIKE 'ws\_%'
    LOOP
        EXECUTE format('REVOKE %I FROM domains_provisioner', workspace_role);
    END LOOP;
END;
$$;
